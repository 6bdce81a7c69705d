using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads;

namespace RsResumeProxy.Tests.Uploads;

/// <summary>When a request's touch of an upload record is worth a write.</summary>
public sealed class UploadRecordsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ExpireAfter = TimeSpan.FromDays(1);
    private readonly UploadRecords _records = new(null!, Options.Create(new ResumableUploadOptions { ExpireAfter = ExpireAfter }), new FixedClock(Now));

    private static UploadState Stored(TimeSpan age) => new()
    {
        Id = UploadId.NewRandom(), DocumentPath = "/storage/alice/a.bin", CredentialHash = "c", Length = 100,
        ExpiresAt = Now - age + ExpireAfter,
    };

    [Fact]
    public void AnExpiryThatMovedByMoments_IsNotRewritten_AndKeepsItsStoredValue()
    {
        var stored = Stored(TimeSpan.FromSeconds(2));
        var (state, save) = _records.TouchedFor(stored, stored);
        Assert.False(save);
        Assert.Equal(stored.ExpiresAt, state.ExpiresAt);
    }

    [Fact]
    public void AnExpiryThatMovedByAHundredthOfExpireAfter_IsRewritten()
    {
        var stored = Stored(ExpireAfter / 100);
        var (state, save) = _records.TouchedFor(stored, stored);
        Assert.True(save);
        Assert.Equal(Now + ExpireAfter, state.ExpiresAt);
    }

    [Fact]
    public void AnyOtherChange_IsRewritten()
    {
        var stored = Stored(TimeSpan.FromSeconds(2)) with { Length = null };
        var (state, save) = _records.TouchedFor(stored with { Length = 100 }, stored);
        Assert.True(save);
        Assert.Equal(100, state.Length);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
