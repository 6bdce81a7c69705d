using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;

namespace RsResumeProxy.Tests.Configuration;

public class ExamplesOptionsTests
{
    /// <summary>Both checks the proxy runs at start-up: the attributes and the storage-prefix guard.</summary>
    private static IEnumerable<string> Problems(ExamplesOptions options)
    {
        var guard = new StoragePrefixGuard(Options.Create(new ResumableUploadOptions { StoragePathPrefix = "/storage/" }));
        foreach (var result in new[] { new ExamplesOptionsValidator().Validate(null, options), guard.Validate(null, options) })
        {
            foreach (var failure in result.Failures ?? [])
            {
                yield return failure;
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("/example")]
    [InlineData("/example/")]
    [InlineData("/apps/upload")]
    public void UsablePaths_AreAccepted(string path)
    {
        Assert.Empty(Problems(new ExamplesOptions { BrowserPath = path }));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("example")]
    [InlineData("/storage")]
    [InlineData("/storage/example")]
    [InlineData("/.well-known/example")]
    public void PathsThatWouldTakeBackendRequests_AreRefused(string path)
    {
        Assert.Contains(Problems(new ExamplesOptions { BrowserPath = path }), p => p.Contains("Examples:BrowserPath"));
    }

    [Fact]
    public void Off_NeedsNoDirectory()
    {
        Assert.Empty(Problems(new ExamplesOptions { BrowserPath = "", BrowserDirectory = "" }));
    }
}
