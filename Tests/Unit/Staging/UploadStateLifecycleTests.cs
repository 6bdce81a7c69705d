using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Tests.Staging;

/// <summary>The lifecycle of an upload record: pending → committed or expired → forgotten.</summary>
public sealed class UploadStateLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tombstone = TimeSpan.FromHours(24);

    private static UploadState Pending(TimeSpan expiresIn) => new()
    {
        Id = UploadId.NewRandom(), DocumentPath = "/storage/u/d", CredentialHash = "c", Length = 10,
        ExpiresAt = Now + expiresIn, StagingVolume = "v1",
    };

    [Fact]
    public void APendingUpload_IsLiveUntilItsExpiry_ThenExpiresButIsNotForgotten()
    {
        var state = Pending(TimeSpan.FromMinutes(1));
        Assert.True(state.IsLiveAt(Now));
        Assert.False(state.HasExpiredAt(Now));
        Assert.False(state.ShouldExpireAt(Now));

        var later = Now + TimeSpan.FromMinutes(2);
        Assert.False(state.IsLiveAt(later));
        Assert.True(state.HasExpiredAt(later));
        Assert.True(state.ShouldExpireAt(later));
        Assert.False(state.IsForgettableAt(later, Tombstone));
    }

    [Fact]
    public void ATombstone_AnswersExpiredUntilItIsForgotten()
    {
        var tombstone = Pending(TimeSpan.Zero) with { ExpiredAt = Now };
        Assert.True(tombstone.HasExpiredAt(Now));
        Assert.False(tombstone.ShouldExpireAt(Now)); // its bytes are already gone
        Assert.False(tombstone.IsForgettableAt(Now + Tombstone - TimeSpan.FromSeconds(1), Tombstone));
        Assert.True(tombstone.IsForgettableAt(Now + Tombstone, Tombstone));
    }

    [Fact]
    public void ACommittedUpload_IsRememberedForItsRetention_NeverExpired()
    {
        var committed = Pending(TimeSpan.FromHours(1)) with { Commit = new CommitOutcome(201, null, Now) };
        Assert.False(committed.IsPending);
        Assert.False(committed.HasExpiredAt(Now + TimeSpan.FromDays(3)));
        Assert.False(committed.HasOutlivedRetentionAt(Now));
        Assert.True(committed.HasOutlivedRetentionAt(Now + TimeSpan.FromHours(1)));
        Assert.True(committed.IsForgettableAt(Now + TimeSpan.FromHours(1), Tombstone));
    }

    [Theory]
    [InlineData("v1", false)]
    [InlineData("v2", true)]
    public void APendingUpload_IsStagedElsewhere_OnlyOnAnotherVolume(string volume, bool elsewhere)
    {
        Assert.Equal(elsewhere, Pending(TimeSpan.FromHours(1)).IsStagedElsewhereThan(volume));
        Assert.False((Pending(TimeSpan.FromHours(1)) with { StagingVolume = null }).IsStagedElsewhereThan(volume));
        Assert.False((Pending(TimeSpan.FromHours(1)) with { Commit = new CommitOutcome(201, null, Now) }).IsStagedElsewhereThan("v2"));
    }

    [Fact]
    public void AFinalConcatenation_HasNoStagedBytesOfItsOwn()
    {
        Assert.True(Pending(TimeSpan.FromHours(1)).HasOwnStagedBytes);
        Assert.False((Pending(TimeSpan.FromHours(1)) with { Kind = UploadKind.Final }).HasOwnStagedBytes);
    }
}
