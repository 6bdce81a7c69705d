using RsResumeProxy.Backend;

namespace RsResumeProxy.Tests.Backend;

public sealed class BackendUriTests
{
    [Theory]
    [InlineData("/storage/u/a%7Eb")]
    [InlineData("/storage/u/caf%C3%A9/x%2Fy%2B%20")]
    [InlineData("/storage/u/doc?access_token=a%2Bb%3D")]
    public void Combine_KeepsTheClientsPercentEncoding(string rawTarget)
    {
        var uri = BackendUri.Combine("http://127.0.0.1:8765/", rawTarget);
        Assert.Equal(rawTarget, uri.PathAndQuery);
        Assert.Equal("http://127.0.0.1:8765" + rawTarget, uri.OriginalString);
    }

    [Fact]
    public void Combine_KeepsADestinationBasePath()
    {
        Assert.Equal("/rs/storage/u/d", BackendUri.Combine("http://h/rs/", "/storage/u/d").PathAndQuery);
    }
}
