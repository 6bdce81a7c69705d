using System.Text;
using RsResumeProxy.Integrity;

namespace RsResumeProxy.Tests.Integrity;

public sealed class UploadChecksumTests
{
    [Theory]
    [InlineData("sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=", "sha1")]
    [InlineData("SHA1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=", "sha1")]
    [InlineData("md5 XrY7u+Ae7tCTyyK7j1rNww==", "md5")]
    [InlineData("crc32 DUoRhQ==", "crc32")]
    public void Parses_SupportedAlgorithms(string header, string algorithm)
    {
        Assert.True(UploadChecksum.TryParse(header, out var checksum, out var error), error);
        Assert.Equal(algorithm, checksum!.Algorithm.Name);
    }

    [Theory]
    [InlineData("blake3 Kq5sNclPz7QV2+lfQIuc6R7oRu0=", "not supported")]
    [InlineData("sha1", "one space")]
    [InlineData("sha1  Kq5sNclPz7QV2+lfQIuc6R7oRu0=", "one space")]
    [InlineData(" Kq5sNclPz7QV2+lfQIuc6R7oRu0=", "one space")]
    [InlineData("sha1 @@@", "Base64")]
    [InlineData("sha1 XrY7u+Ae7tCTyyK7j1rNww==", "20 bytes")]
    public void Rejects_UnknownAlgorithmsAndMalformedValues(string header, string expected)
    {
        Assert.False(UploadChecksum.TryParse(header, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Theory]
    // Reference digests of "hello world" (sha*, md5) and of the CRC check string "123456789".
    [InlineData("sha1", "hello world", "Kq5sNclPz7QV2+lfQIuc6R7oRu0=")]
    [InlineData("md5", "hello world", "XrY7u+Ae7tCTyyK7j1rNww==")]
    [InlineData("sha256", "hello world", "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")]
    [InlineData("crc32", "123456789", "y/Q5Jg==")]
    public void Digests_MatchReferenceValues_WhenFedInPieces(string algorithm, string text, string expected)
    {
        using var digest = ChecksumAlgorithm.Find(algorithm)!.CreateDigest();
        var bytes = Encoding.ASCII.GetBytes(text);
        digest.Append(bytes.AsSpan(0, 3));
        digest.Append(bytes.AsSpan(3));
        Assert.Equal(expected, Convert.ToBase64String(digest.Current()));
    }

    [Fact]
    public void Announced_StartsWithSha1AsTusRequires()
    {
        Assert.StartsWith("sha1,", ChecksumAlgorithm.Announced);
        Assert.All(ChecksumAlgorithm.Supported, a => Assert.Equal(a.Name.ToLowerInvariant(), a.Name));
    }
}
