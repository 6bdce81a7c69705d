using System.Text;
using RsResumeProxy.Integrity;

namespace RsResumeProxy.Tests.Integrity;

public sealed class ChunkVerificationTests
{
    [Fact]
    public void HeaderAndTrailerTogether_AreRefused()
    {
        Assert.False(ChunkVerification.TryPlan("sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=", trailerDeclared: true, trailersPossible: true, out _, out var error));
        Assert.Contains("not both", error);
    }

    [Fact]
    public void TrailerOnAFramingWithoutTrailers_IsRefused()
    {
        Assert.False(ChunkVerification.TryPlan(null, trailerDeclared: true, trailersPossible: false, out _, out var error));
        Assert.Contains("chunked", error);
    }

    [Fact]
    public void Header_MatchesAndMismatches()
    {
        Assert.True(ChunkVerification.TryPlan("sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=", false, false, out var plan, out _));
        using (plan)
        {
            plan.Digest!.Append("hello world"u8);
            Assert.Equal(ChecksumVerdict.Matched, plan.Verify());
            plan.Digest.Append("!"u8);
            Assert.Equal(ChecksumVerdict.Mismatched, plan.Verify());
        }
    }

    [Theory]
    [InlineData("sha256 uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=", ChecksumVerdict.Matched)]
    [InlineData("crc32 DUoRhQ==", ChecksumVerdict.Matched)]
    [InlineData("md5 AAAAAAAAAAAAAAAAAAAAAA==", ChecksumVerdict.Mismatched)]
    [InlineData("whirlpool AAAA", ChecksumVerdict.TrailerInvalid)]
    [InlineData(null, ChecksumVerdict.TrailerInvalid)]
    public void Trailer_IsCheckedWithWhicheverAlgorithmItNames(string? trailer, object expected)
    {
        Assert.True(ChunkVerification.TryPlan(null, trailerDeclared: true, trailersPossible: true, out var plan, out _));
        using (plan)
        {
            plan.Digest!.Append(Encoding.ASCII.GetBytes("hello world"));
            Assert.Equal(expected, (object)plan.VerifyTrailer(trailer, out _));
        }
    }

    [Fact]
    public void NoChecksum_RequestsNothing()
    {
        Assert.True(ChunkVerification.TryPlan(null, false, true, out var plan, out _));
        Assert.False(plan.Requested);
        Assert.Null(plan.Digest);
    }
}
