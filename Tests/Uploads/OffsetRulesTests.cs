using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads;
using RsResumeProxy.Uploads.Rules;

namespace RsResumeProxy.Tests.Uploads;

public sealed class OffsetRulesTests
{
    private static UploadState State(long? length, CommitOutcome? commit = null) => new()
    {
        Id = UploadId.NewRandom(), DocumentPath = "/storage/u/d", CredentialHash = "c", Length = length, Commit = commit,
    };

    [Fact]
    public void FullyStagedButUncommitted_HoldsBackTheLastByte()
    {
        Assert.Equal(99, ReportedOffset.Of(State(100), 100));
    }

    [Fact]
    public void PartiallyStaged_ReportsTheStagedLength()
    {
        Assert.Equal(40, ReportedOffset.Of(State(100), 40));
        Assert.Equal(40, ReportedOffset.Of(State(null), 40));
    }

    [Fact]
    public void Committed_ReportsTheFullLength()
    {
        Assert.Equal(100, ReportedOffset.Of(State(100, new CommitOutcome(201, "\"e\"", DateTimeOffset.UnixEpoch)), -1));
    }

    [Fact]
    public void EmptyDocument_CannotHoldBackAByte()
    {
        Assert.Equal(0, ReportedOffset.Of(State(0), 0));
    }
}
