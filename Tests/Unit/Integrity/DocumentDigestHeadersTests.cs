using System.Security.Cryptography;
using RsResumeProxy.Integrity;

namespace RsResumeProxy.Tests.Integrity;

public sealed class DocumentDigestHeadersTests
{
    private static readonly byte[] Sha256 = SHA256.HashData("hello world"u8);
    private static readonly byte[] Sha512 = SHA512.HashData("hello world"u8);
    private static readonly byte[] Md5 = MD5.HashData("hello world"u8);

    [Fact]
    public void ReprDigest_Sha256_IsRead()
    {
        Assert.True(DocumentDigestHeaders.TryParse($"sha-256=:{Convert.ToBase64String(Sha256)}:", null, out var digest, out var error), error);
        Assert.Equal("sha-256", digest!.Algorithm);
        Assert.Equal(Sha256, digest.Value);
    }

    [Fact]
    public void ReprDigest_KeepsTheStrongestAndSkipsUnknownMembersOfAnyType()
    {
        var header = $"unixsum=30637, sha-256=:{Convert.ToBase64String(Sha256)}:;p=1, x=(1 \"a,b\" ?1), sha-512=:{Convert.ToBase64String(Sha512)}:, flag";
        Assert.True(DocumentDigestHeaders.TryParse(header, Convert.ToBase64String(Md5), out var digest, out var error), error);
        Assert.Equal("sha-512", digest!.Algorithm);
    }

    [Fact]
    public void ContentMd5_IsReadWhenAlone()
    {
        Assert.True(DocumentDigestHeaders.TryParse(null, Convert.ToBase64String(Md5), out var digest, out _));
        Assert.Equal("md5", digest!.Algorithm);
    }

    [Fact]
    public void NoHeaders_MeanNoDigest()
    {
        Assert.True(DocumentDigestHeaders.TryParse(null, null, out var digest, out _));
        Assert.Null(digest);
    }

    [Theory]
    [InlineData("sha-256=:AAAA:", "bytes")]
    [InlineData("sha-256=abc", "byte sequence")]
    [InlineData("unixsum=3", "no algorithm")]
    [InlineData("sha-256=:@@:", "Base64")]
    [InlineData("Sha-256=:AAAA:", "lowercase")]
    [InlineData("sha-256=:AAAA:,", "trailing comma")]
    [InlineData("", "empty")]
    public void Rejects_MalformedOrUselessReprDigest(string header, string expected)
    {
        Assert.False(DocumentDigestHeaders.TryParse(header, null, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Rejects_ContentMd5OfTheWrongLength()
    {
        Assert.False(DocumentDigestHeaders.TryParse(null, Convert.ToBase64String(Sha256), out _, out var error));
        Assert.Contains("16 bytes", error);
    }

    [Theory]
    [InlineData("sha-256")]
    [InlineData("sha-512")]
    [InlineData("md5")]
    public async Task DocumentVerifier_ChecksAStream(string algorithm)
    {
        var expected = algorithm switch { "sha-256" => Sha256, "sha-512" => Sha512, _ => Md5 };
        Assert.True(await DocumentVerifier.MatchesAsync(new(algorithm, expected), new MemoryStream("hello world"u8.ToArray()), default));
        Assert.False(await DocumentVerifier.MatchesAsync(new(algorithm, expected), new MemoryStream("hello world!"u8.ToArray()), default));
    }
}
