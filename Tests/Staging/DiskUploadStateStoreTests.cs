using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Tests.Staging;

public sealed class DiskUploadStateStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rsrp-state-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static UploadState NewState() => new()
    {
        Id = UploadId.NewRandom(),
        DocumentPath = "/storage/u/a%7Eb",
        CredentialHash = "hash",
        Length = 123,
        ContentType = "text/plain",
        IfNoneMatch = "*",
        CreatedAt = DateTimeOffset.UnixEpoch,
        ExpiresAt = DateTimeOffset.UnixEpoch.AddDays(1),
    };

    [Fact]
    public async Task SavedRecord_SurvivesANewStoreInstance()
    {
        var state = NewState();
        await new DiskUploadStateStore(_directory).SaveAsync(state, default);
        var loaded = await new DiskUploadStateStore(_directory).GetAsync(state.Id, default);
        Assert.Equal(state, loaded);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public async Task TornRecord_IsReportedAndNotTrusted()
    {
        var state = NewState();
        var store = new DiskUploadStateStore(_directory);
        await store.SaveAsync(state, default);
        var file = Path.Combine(_directory, state.Id + ".json");
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, bytes[..(bytes.Length / 2)]);
        var reports = new List<string>();
        store.RecordRejected += (_, reason) => reports.Add(reason);

        Assert.Null(await store.GetAsync(state.Id, default));
        Assert.Single(reports);
        Assert.True(File.Exists(file + ".rejected"));
    }

    [Fact]
    public async Task ForeignRecord_UnderAnotherUploadsName_IsNotTrusted()
    {
        var store = new DiskUploadStateStore(_directory);
        var state = NewState();
        await store.SaveAsync(state, default);
        var otherId = UploadId.NewRandom();
        File.Copy(Path.Combine(_directory, state.Id + ".json"), Path.Combine(_directory, otherId + ".json"));
        Assert.Null(await store.GetAsync(otherId, default));
    }

    [Fact]
    public async Task Record_NeverContainsTheToken()
    {
        var store = new DiskUploadStateStore(_directory);
        var state = NewState();
        await store.SaveAsync(state, default);
        var text = await File.ReadAllTextAsync(Path.Combine(_directory, state.Id + ".json"));
        Assert.DoesNotContain("Bearer", text);
    }

    [Fact]
    public async Task List_ReturnsEveryTrustedRecord()
    {
        var store = new DiskUploadStateStore(_directory);
        var a = NewState();
        var b = NewState();
        await store.SaveAsync(a, default);
        await store.SaveAsync(b, default);
        var listed = new List<string>();
        await foreach (var s in store.ListAsync(default)) listed.Add(s.Id);
        Assert.Equal(new[] { a.Id, b.Id }.Order(), listed.Order());
    }
}
