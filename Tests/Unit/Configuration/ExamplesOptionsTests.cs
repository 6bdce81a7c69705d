using RsResumeProxy.Configuration;

namespace RsResumeProxy.Tests.Configuration;

public class ExamplesOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("/example")]
    [InlineData("/example/")]
    [InlineData("/apps/upload")]
    public void UsablePaths_AreAccepted(string path)
    {
        Assert.Empty(new ExamplesOptions { BrowserPath = path }.Validate("/storage/"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("example")]
    [InlineData("/storage")]
    [InlineData("/storage/example")]
    [InlineData("/.well-known/example")]
    public void PathsThatWouldTakeBackendRequests_AreRefused(string path)
    {
        Assert.NotEmpty(new ExamplesOptions { BrowserPath = path }.Validate("/storage/"));
    }

    [Fact]
    public void Off_NeedsNoDirectory()
    {
        Assert.Empty(new ExamplesOptions { BrowserPath = "", BrowserDirectory = "" }.Validate("/storage/"));
    }
}
