using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Tests.Staging;

/// <summary>
/// What every <see cref="IUploadStateStore"/> must do, run against each implementation by a
/// subclass (disk, Redis): the handlers and the sweeper rely on exactly this and nothing more.
/// </summary>
public abstract class UploadStateStoreContract
{
    /// <summary>A store over the subclass's backing storage; two calls see the same records.</summary>
    protected abstract IUploadStateStore CreateStore();

    protected static UploadState NewState() => new()
    {
        Id = UploadId.NewRandom(),
        DocumentPath = "/storage/u/a%7Eb",
        CredentialHash = "hash",
        Length = 123,
        ContentType = "text/plain",
        IfNoneMatch = "*",
        Metadata = "filename ZG9j",
        StagingVolume = "volume-1",
        CreatedAt = DateTimeOffset.UnixEpoch,
        ExpiresAt = DateTimeOffset.UtcNow.AddDays(1),
    };

    /// <summary>A record with every field set to something other than its default (a final
    /// concatenation with parts, a declared digest, conditions, a commit and a tombstone at once),
    /// so a store that drops or mangles any one field is caught.</summary>
    protected static UploadState FullState()
    {
        var now = DateTimeOffset.UtcNow;
        return new()
        {
            Format = UploadState.CurrentFormat,
            Id = UploadId.NewRandom(),
            DocumentPath = "/storage/u/a%7Eb/c%20d.bin",
            CredentialHash = "0123456789abcdef0123456789abcdef",
            StorageUser = "alice",
            Length = 1234,
            ContentType = "text/plain; charset=utf-8",
            IfMatch = "\"etag-before\"",
            IfNoneMatch = "*",
            Metadata = "filename ZG9j,is_confidential",
            Kind = UploadKind.Final,
            Concat = "final;/storage/u/p1 /storage/u/p2",
            Parts = [UploadId.NewRandom(), UploadId.NewRandom()],
            ExpectedDigest = new DocumentDigest("sha-256", SHA256.HashData("document"u8)),
            CreatedAt = now.AddMinutes(-5),
            StagingVolume = "volume-1",
            ExpiresAt = now.AddDays(1),
            Commit = new CommitOutcome(201, "\"etag-after\"", now.AddMinutes(-1)),
            ExpiredAt = now,
        };
    }

    [Fact]
    public async Task Save_ThenGet_RoundTripsEveryField()
    {
        var state = FullState();
        var fields = typeof(UploadState).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .ToList();
        // A field added to UploadState later must be given a value above, or this test says so.
        foreach (var field in fields)
        {
            var value = field.GetValue(state);
            var unset = field.PropertyType.IsValueType && Nullable.GetUnderlyingType(field.PropertyType) is null
                ? Activator.CreateInstance(field.PropertyType)
                : null;
            Assert.False(Equals(value, unset), $"FullState leaves {field.Name} at its default");
        }

        var store = CreateStore();
        await store.SaveAsync(state, default);
        var loaded = await CreateStore().GetAsync(state.Id, default);

        Assert.NotNull(loaded);
        foreach (var field in fields)
        {
            // Compared as JSON, so lists and byte arrays compare by content, not by reference.
            var saved = JsonSerializer.Serialize(field.GetValue(state));
            var read = JsonSerializer.Serialize(field.GetValue(loaded));
            Assert.True(saved == read, $"{field.Name}: saved {saved}, read back {read}");
        }
        Assert.True(loaded.IsCommitted);
        Assert.True(loaded.IsExpired);
    }

    [Fact]
    public async Task Get_OfAnUnknownUpload_ReturnsNull()
    {
        Assert.Null(await CreateStore().GetAsync(UploadId.NewRandom(), default));
    }

    [Fact]
    public async Task Save_ThenGet_ReturnsTheSameRecord()
    {
        var store = CreateStore();
        var state = NewState();
        await store.SaveAsync(state, default);
        Assert.Equal(state, await store.GetAsync(state.Id, default));
    }

    [Fact]
    public async Task SavedRecord_IsSeenByAnotherStoreOnTheSameStorage()
    {
        var state = NewState();
        await CreateStore().SaveAsync(state, default);
        Assert.Equal(state, await CreateStore().GetAsync(state.Id, default));
    }

    [Fact]
    public async Task Save_ReplacesTheWholeRecord()
    {
        var store = CreateStore();
        var state = NewState();
        await store.SaveAsync(state, default);
        var committed = state with { Commit = new CommitOutcome(201, "\"etag\"", DateTimeOffset.UnixEpoch), IfNoneMatch = null };
        await store.SaveAsync(committed, default);
        var loaded = await store.GetAsync(state.Id, default);
        Assert.Equal(committed, loaded);
        Assert.True(loaded!.IsCommitted);
        Assert.Null(loaded.IfNoneMatch);
    }

    [Fact]
    public async Task Tombstone_KeepsItsExpiredAt()
    {
        var store = CreateStore();
        var expired = NewState() with { ExpiredAt = DateTimeOffset.UtcNow };
        await store.SaveAsync(expired, default);
        Assert.True((await store.GetAsync(expired.Id, default))!.IsExpired);
    }

    [Fact]
    public async Task Delete_RemovesTheRecordAndItsListing()
    {
        var store = CreateStore();
        var state = NewState();
        await store.SaveAsync(state, default);
        await store.DeleteAsync(state.Id, default);
        Assert.Null(await store.GetAsync(state.Id, default));
        Assert.DoesNotContain(state.Id, await ListIdsAsync(store));
    }

    [Fact]
    public async Task Delete_OfAnUnknownUpload_IsHarmless()
    {
        var store = CreateStore();
        await store.DeleteAsync(UploadId.NewRandom(), default);
        Assert.Empty(await ListIdsAsync(store));
    }

    [Fact]
    public async Task List_ReturnsEveryRecordOnce()
    {
        var store = CreateStore();
        var a = NewState();
        var b = NewState();
        await store.SaveAsync(a, default);
        await store.SaveAsync(b, default);
        await store.SaveAsync(b with { Length = 124 }, default);
        Assert.Equal(new[] { a.Id, b.Id }.Order(), (await ListIdsAsync(store)).Order());
    }

    private static async Task<List<string>> PendingIdsAsync(IUploadStateStore store, string owner)
    {
        var ids = new List<string>();
        await foreach (var state in store.ListPendingOfAsync(owner, default)) ids.Add(state.Id);
        return ids;
    }

    [Fact]
    public async Task PendingOfAnOwner_ListsThatOwnersPendingUploadsOnly()
    {
        var store = CreateStore();
        var credential = "cred-" + Guid.NewGuid().ToString("N");
        var user = "user" + Guid.NewGuid().ToString("N");
        var mine = NewState() with { CredentialHash = credential, StorageUser = user };
        var sameUserOtherToken = NewState() with { StorageUser = user };
        var committed = NewState() with { CredentialHash = credential, StorageUser = user };
        var expired = NewState() with { CredentialHash = credential };
        var final = NewState() with { CredentialHash = credential, Kind = UploadKind.Final };
        var others = NewState();
        foreach (var state in new[] { mine, sameUserOtherToken, committed, expired, final, others })
        {
            await store.SaveAsync(state, default);
        }
        // Committing or expiring a pending upload takes it out of its owners' counts.
        await store.SaveAsync(committed with { Commit = new CommitOutcome(201, "\"1\"", DateTimeOffset.UtcNow) }, default);
        await store.SaveAsync(expired with { ExpiredAt = DateTimeOffset.UtcNow }, default);

        Assert.Equal([mine.Id], await PendingIdsAsync(store, UploadOwners.Credential(credential)));
        Assert.Equal(new[] { mine.Id, sameUserOtherToken.Id }.Order(), (await PendingIdsAsync(store, UploadOwners.StorageUser(user))).Order());
    }

    [Fact]
    public async Task PendingOfAnOwner_SurvivesARestart_AndForgetsDeletedRecords()
    {
        var credential = "cred-" + Guid.NewGuid().ToString("N");
        var kept = NewState() with { CredentialHash = credential };
        var deleted = NewState() with { CredentialHash = credential };
        var before = CreateStore();
        await before.SaveAsync(kept, default);
        await before.SaveAsync(deleted, default);
        await before.DeleteAsync(deleted.Id, default);

        // A new store over the same storage: a restarted (or crashed) proxy, or another instance.
        Assert.Equal([kept.Id], await PendingIdsAsync(CreateStore(), UploadOwners.Credential(credential)));
        Assert.Equal([kept.Id], await PendingIdsAsync(before, UploadOwners.Credential(credential)));
    }

    [Fact]
    public async Task MalformedId_IsRefused()
    {
        var store = CreateStore();
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.GetAsync("../etc/passwd", default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.SaveAsync(NewState() with { Id = "NOT-HEX" }, default));
    }

    protected static async Task<List<string>> ListIdsAsync(IUploadStateStore store)
    {
        var ids = new List<string>();
        await foreach (var state in store.ListAsync(default))
        {
            ids.Add(state.Id);
        }
        return ids;
    }
}
