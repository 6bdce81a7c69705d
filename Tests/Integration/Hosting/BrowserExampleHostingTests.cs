using System.Net;
using Microsoft.Extensions.Options;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Hosting;

/// <summary>Examples:BrowserPath: off by default, and when on it answers only for the example's
/// own files; everything else still reaches armadietto.</summary>
[Collection(ProxiedCollection.Name)]
public sealed class BrowserExampleHostingTests(ProxiedBackendFixture fixture) : ProxiedTest(fixture)
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string url)
    {
        var response = await _client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task Off_ByDefault_ThePathBelongsToTheBackend()
    {
        var (status, body, _) = await GetAsync(Fixture.Proxy.Origin + "/example/");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Armadietto", body);
    }

    [Fact]
    public async Task On_ServesThePageCopiedBesideTheProxy_AndLeavesOtherPathsToTheBackend()
    {
        await using var proxy = await ProxyServer.StartAsync(Fixture.Backend.Origin, "Examples:BrowserPath=/example");

        var bare = await _client.GetAsync(proxy.Origin + "/example");
        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        Assert.EndsWith("/example/", bare.Headers.Location!.ToString());

        var (status, page, response) = await GetAsync(proxy.Origin + "/example/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Resumable upload to remoteStorage</title>", page);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(proxy.Origin + "/example/app.js")).Status);

        // Not a file of the example: the backend answers, under the example's path and elsewhere.
        var (missingStatus, missingBody, _) = await GetAsync(proxy.Origin + "/example/no-such-file.js");
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.Contains("Armadietto", missingBody);
        var (homeStatus, homeBody, _) = await GetAsync(proxy.Origin + "/");
        Assert.Equal(HttpStatusCode.OK, homeStatus);
        Assert.Contains("Armadietto", homeBody);
        var webFinger = await GetAsync($"{proxy.Origin}/.well-known/webfinger?resource=acct:{Fixture.Backend.User}@{proxy.Address.Authority}");
        Assert.Contains("https://tus.io/protocols/resumable-upload", webFinger.Body);
    }

    [Theory]
    [InlineData("Examples:BrowserPath=/storage")]
    [InlineData("Examples:BrowserPath=/")]
    public async Task PathThatWouldTakeBackendRequests_StopsTheStart(string setting)
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => ProxyServer.StartAsync(Fixture.Backend.Origin, setting));

        Assert.Contains("BrowserPath", refused.Message);
    }

    [Fact]
    public async Task DirectoryWithoutThePage_StopsTheStart()
    {
        var empty = Directory.CreateTempSubdirectory("rsrp-empty-").FullName;
        try
        {
            var refused = await Assert.ThrowsAsync<OptionsValidationException>(() =>
                ProxyServer.StartAsync(Fixture.Backend.Origin, "Examples:BrowserPath=/example", $"Examples:BrowserDirectory={empty}"));

            Assert.Contains("index.html", refused.Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
