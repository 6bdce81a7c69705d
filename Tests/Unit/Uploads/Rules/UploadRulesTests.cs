using FsCheck;
using FsCheck.Xunit;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads;
using RsResumeProxy.Uploads.Rules;

namespace RsResumeProxy.Tests.Uploads.Rules;

/// <summary>The upload rules on their own, without HTTP: each states one protocol rule.</summary>
public sealed class UploadRulesTests
{
    private const long Max = 1000;

    private static UploadState State(long? length, UploadKind kind = UploadKind.Document) => new()
    {
        Id = UploadId.NewRandom(), DocumentPath = "/storage/u/d", CredentialHash = "c", Length = length, Kind = kind,
    };

    private static AppendFacts Append(long? length, long offset, long clientOffset, long? declared = null, long? body = null,
        UploadKind kind = UploadKind.Document) => new(State(length, kind), offset, clientOffset, declared, body, Max);

    private static CreationFacts Creation(long? length, long? body = null, long available = long.MaxValue, long reserve = 0,
        string path = "/storage/u/d", bool isPart = false) => new(path, isPart, "/storage/", length, body, Max, available, reserve);

    [Theory]
    [InlineData(10, 10, null)]
    [InlineData(10, 9, 409)]
    [InlineData(10, 11, 409)]
    [InlineData(0, 0, null)]
    public void ClientOffsetMatchesUpload_RefusesAnyOtherOffset_With409AndTheUploadsOffset(long offset, long client, int? status)
    {
        var refusal = ClientOffsetMatchesUpload.Instance.Check(Append(100, offset, client));
        Assert.Equal(status, refusal?.Status);
        if (refusal is not null)
        {
            Assert.Equal(RefusalReason.OffsetMismatch, refusal.Reason);
            Assert.Equal(offset, refusal.Offset);
        }
    }

    [Theory]
    [InlineData(100L, 100L, 0L, null)]   // the same length again
    [InlineData(100L, 99L, 0L, 400)]     // another length than the upload's
    [InlineData(null, 50L, 50L, null)]   // a deferred length set to what is staged
    [InlineData(null, 49L, 50L, 400)]    // a deferred length below what is staged
    [InlineData(null, null, 50L, null)]  // nothing declared
    public void DeclaredLengthAgreesWithUpload_OrIsRefused(long? known, long? declared, long offset, int? status)
    {
        Assert.Equal(status, DeclaredLengthAgreesWithUpload.Instance.Check(Append(known, offset, offset, declared))?.Status);
    }

    [Theory]
    [InlineData(null, Max, null)]
    [InlineData(null, Max + 1, 413)]
    [InlineData(5L, Max + 1, null)] // a known length was checked when it was declared
    public void LengthWithinMaximumSize_OnAppend_ChecksOnlyANewlyDeclaredLength(long? known, long declared, int? status)
    {
        Assert.Equal(status, LengthWithinMaximumSize.Instance.Check(Append(known, 0, 0, declared))?.Status);
    }

    [Theory]
    [InlineData(Max, null)]
    [InlineData(Max + 1, 413)]
    public void LengthWithinMaximumSize_OnCreation(long length, int? status)
    {
        Assert.Equal(status, LengthWithinMaximumSize.Instance.Check(Creation(length))?.Status);
    }

    [Theory]
    [InlineData(100L, 40L, 60L, null)]
    [InlineData(100L, 40L, 61L, 413)]
    [InlineData(null, 40L, Max - 40, null)]   // deferred: bounded by the maximum upload size
    [InlineData(null, 40L, Max - 39, 413)]
    public void AppendBodyFitsLength_OrIsRefused(long? length, long offset, long body, int? status)
    {
        Assert.Equal(status, AppendBodyFitsLength.Instance.Check(Append(length, offset, offset, body: body))?.Status);
    }

    [Theory]
    [InlineData(100L, 100L, null)]
    [InlineData(100L, 101L, 413)]
    [InlineData(null, Max, null)]
    [InlineData(null, Max + 1, 413)]
    public void CreationBodyFitsLength_OrIsRefused(long? length, long body, int? status)
    {
        Assert.Equal(status, CreationBodyFitsLength.Instance.Check(Creation(length, body))?.Status);
    }

    [Theory]
    [InlineData(100L, null, 1100L, 1000L, null)]
    [InlineData(101L, null, 1100L, 1000L, 507)]
    [InlineData(null, 101L, 1100L, 1000L, 507)] // deferred: the body is what is known
    [InlineData(null, null, 1000L, 1000L, null)]
    public void StagingHasRoom_KeepsTheReserveFree(long? length, long? body, long available, long reserve, int? status)
    {
        Assert.Equal(status, StagingHasRoom.Instance.Check(Creation(length, body, available, reserve))?.Status);
    }

    [Fact]
    public void FinalTakesNoBytes_Refuses403()
    {
        Assert.Equal(403, FinalTakesNoBytes.Instance.Check(Append(10, 0, 0, kind: UploadKind.Final))?.Status);
        Assert.Null(FinalTakesNoBytes.Instance.Check(Append(10, 0, 0)));
    }

    [Fact]
    public void CreationAddressesADocument_RefusesAPartialUploadsUrl()
    {
        Assert.Equal(RefusalReason.NotADocument, CreationAddressesADocument.Instance.Check(Creation(1, isPart: true))?.Reason);
        Assert.Null(CreationAddressesADocument.Instance.Check(Creation(1)));
    }

    [Fact]
    public void AppendRules_RefuseAFinalBeforeLookingAtItsOffset()
    {
        var refusal = RuleList.FirstRefusal(UploadRules.Append, Append(10, 0, 5, kind: UploadKind.Final));
        Assert.Equal(RefusalReason.FinalNotAppendable, refusal?.Reason);
    }

    /// <summary>Profile: a client is never told offset == length before the backend accepted.</summary>
    [Property(MaxTest = 500)]
    public bool ReportedOffset_NeverReachesTheLengthOfAnUncommittedDocument(PositiveInt length, NonNegativeInt staged)
    {
        var total = (long)length.Get;
        var onDisk = Math.Min(staged.Get, total);
        var reported = ReportedOffset.Of(State(total), onDisk);
        return reported < total && reported >= onDisk - 1 && reported <= onDisk;
    }

    [Property(MaxTest = 200)]
    public bool ReportedOffset_OfAPartialUpload_IsWhatIsStaged(PositiveInt length, NonNegativeInt staged)
    {
        var onDisk = Math.Min(staged.Get, length.Get);
        return ReportedOffset.Of(State(length.Get, UploadKind.Partial), onDisk) == onDisk;
    }

    [Fact]
    public void ReportedOffset_OfACommittedUpload_IsItsLength()
    {
        var committed = State(100) with { Commit = new CommitOutcome(201, "\"e\"", DateTimeOffset.UnixEpoch) };
        Assert.Equal(100, ReportedOffset.Of(committed, -1));
    }
}
