using RsResumeProxy.Protocols.Tus;

namespace RsResumeProxy.Tests.Tus;

public sealed class UploadMetadataTests
{
    [Theory]
    [InlineData("filename d29ybGQ=")]
    [InlineData("filename d29ybGQ=,is_confidential")]
    [InlineData("a YQ==, b Yg==")]
    [InlineData("relativePath ,filetype dGV4dC9wbGFpbg==")]
    public void Accepts_ValidHeaders(string header)
    {
        Assert.True(UploadMetadata.TryParse(header, out _, out var error), error);
    }

    [Theory]
    [InlineData("a YQ==,a Yg==")]
    [InlineData(" YQ==")]
    [InlineData("a @@@")]
    [InlineData("")]
    [InlineData("a YQ== extra")]
    public void Rejects_RepeatedKeysEmptyKeysAndBadBase64(string header)
    {
        Assert.False(UploadMetadata.TryParse(header, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void DocumentType_PrefersFiletypeThenContentTypeThenType()
    {
        UploadMetadata.TryParse("type dGV4dC9hIGE=,contentType dGV4dC9i,filetype dGV4dC9j", out var all, out _);
        Assert.Equal("text/c", all.DocumentType());
        UploadMetadata.TryParse("type dGV4dC9h,contentType dGV4dC9i", out var two, out _);
        Assert.Equal("text/b", two.DocumentType());
    }

    [Fact]
    public void DocumentType_IgnoresValuesThatWouldInjectHeaders()
    {
        var injected = Convert.ToBase64String("text/plain\r\nX-Evil: 1"u8.ToArray());
        UploadMetadata.TryParse("filetype " + injected, out var metadata, out _);
        Assert.Null(metadata.DocumentType());
    }
}
