using RsResumeProxy.Protocols.Tus;

namespace RsResumeProxy.Tests.Tus;

public sealed class UploadConcatTests
{
    private const string IdA = "0123456789abcdef0123456789abcdef01234567";
    private const string IdB = "fedcba9876543210fedcba9876543210fedcba98";

    [Fact]
    public void Partial_IsRead()
    {
        Assert.True(UploadConcat.TryParse("partial", out var concat, out _));
        Assert.True(concat!.IsPartial);
    }

    [Fact]
    public void Final_ListsPartIdsInOrder_FromAbsoluteAndRelativeUrls()
    {
        var header = $"final;http://127.0.0.1:5000/storage/u/doc?tus-part={IdB} /storage/u/doc?tus-part={IdA}";
        Assert.True(UploadConcat.TryParse(header, out var concat, out var error), error);
        Assert.True(concat!.IsFinal);
        Assert.Equal([IdB, IdA], concat.PartIds);
    }

    [Theory]
    [InlineData("final;")]
    [InlineData("final")]
    [InlineData("foo")]
    [InlineData("final;/storage/u/doc?tus-part=" + IdA + "  /storage/u/doc?tus-part=" + IdB)]
    [InlineData("final;/storage/u/doc")]
    [InlineData("final;/storage/u/doc?tus-part=XYZ")]
    [InlineData("final;/files/abc")]
    public void Rejects_MalformedValues(string header)
    {
        Assert.False(UploadConcat.TryParse(header, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void PartialUploadUrl_RoundTrips()
    {
        var url = PartialUploadUrl.For("/storage/u/a%20b.txt", IdA);
        Assert.Equal("/storage/u/a%20b.txt?tus-part=" + IdA, url);
        Assert.Equal(IdA, PartialUploadUrl.IdFromUrl(url));
        Assert.True(PartialUploadUrl.TryGetFromQuery("x=1&tus-part=" + IdA, out var id));
        Assert.Equal(IdA, id);
        Assert.True(PartialUploadUrl.TryGetFromQuery("tus-part=nothex", out var bad));
        Assert.Null(bad);
        Assert.False(PartialUploadUrl.TryGetFromQuery("other=1", out _));
    }
}
