using RsResumeProxy.Staging.Files;

namespace RsResumeProxy.Tests.Staging;

public sealed class ConcatenatedReadStreamTests
{
    private static ConcatenatedReadStream Over(params string[] parts) =>
        new(parts.Select(p => (Stream)new MemoryStream(System.Text.Encoding.ASCII.GetBytes(p))).ToList());

    [Fact]
    public async Task ReadsThePartsInOrder_SkippingEmptyOnes()
    {
        await using var stream = Over("hello", "", " ", "world", "");
        Assert.Equal(11, stream.Length);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 3);
        Assert.Equal("hello world", System.Text.Encoding.ASCII.GetString(copy.ToArray()));
    }

    [Fact]
    public void Seeks_AcrossPartBoundaries_SoABodyCanBeResent()
    {
        using var stream = Over("ab", "cd", "ef");
        stream.Position = 3;
        var buffer = new byte[10];
        Assert.Equal(1, stream.Read(buffer, 0, 10)); // a read never crosses a part boundary
        Assert.Equal((byte)'d', buffer[0]);
        stream.Seek(0, SeekOrigin.Begin);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal("abcdef", System.Text.Encoding.ASCII.GetString(copy.ToArray()));
        Assert.Equal(0, stream.Read(buffer, 0, 10));
    }

    [Fact]
    public void Disposes_ItsParts()
    {
        var part = new MemoryStream([1, 2, 3]);
        new ConcatenatedReadStream([part]).Dispose();
        Assert.False(part.CanRead);
    }
}
