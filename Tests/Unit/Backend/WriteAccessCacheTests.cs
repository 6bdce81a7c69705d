using System.Net;
using RsResumeProxy.Backend;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Backend;

/// <summary>Positive probe answers are reused per credential and module for
/// Backend:WriteAccessCacheDuration; refusals never are.</summary>
public sealed class WriteAccessCacheTests
{
    [Fact]
    public async Task SecondCreationInTheSameModule_UsesTheCachedAnswer_AnotherModuleAsksAgain()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin);
        using var http = new TusHttp("t");

        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(proxy.Origin + "/storage/alice/photos/a.jpg", 10)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(proxy.Origin + "/storage/alice/photos/2024/b.jpg", 10)).StatusCode);
        Assert.Single(backend.Probes);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(proxy.Origin + "/storage/alice/music/c.mp3", 10)).StatusCode);
        Assert.Equal(2, backend.Probes.Count);
        using var other = new TusHttp("another token");
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsync(proxy.Origin + "/storage/alice/photos/d.jpg", 10)).StatusCode);
        Assert.Equal(3, backend.Probes.Count);
    }

    [Fact]
    public async Task Refusals_AreNotCached_AndCarryTheBackendsChallenge()
    {
        await using var backend = await RecordingBackend.StartAsync();
        backend.ProbeStatus = 401;
        await using var proxy = await ProxyServer.StartAsync(backend.Origin);
        using var http = new TusHttp("t");

        for (var i = 0; i < 2; i++)
        {
            using var refused = await http.PostAsync(proxy.Origin + "/storage/alice/photos/a.jpg", 10, new byte[5]);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        Assert.Equal(2, backend.Probes.Count);
        Assert.Empty(backend.Requests);
        Assert.Empty(Directory.GetFiles(proxy.StagingDirectory, "*.bin"));

        backend.ProbeStatus = 412;
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(proxy.Origin + "/storage/alice/photos/a.jpg", 10)).StatusCode);
    }

    [Fact]
    public async Task WithoutACache_EveryCreationAsks()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin, "Backend:WriteAccessCacheDuration=00:00:00");
        using var http = new TusHttp("t");
        await http.PostAsync(proxy.Origin + "/storage/alice/photos/a.jpg", 10);
        await http.PostAsync(proxy.Origin + "/storage/alice/photos/b.jpg", 10);
        Assert.Equal(2, backend.Probes.Count);
    }

    [Fact]
    public async Task TheProbe_IsAnEmptyPutWithTheCredentialAndAnIfMatchThatCannotMatch()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin);
        using var http = new TusHttp("abc+/=");
        await http.PostAsync(proxy.Origin + "/storage/alice/a%7Eb/doc.bin", 10);

        var probe = Assert.Single(backend.Probes);
        Assert.Equal("/storage/alice/a%7Eb/doc.bin", probe.RawTarget);
        Assert.Equal(0, probe.BodyLength);
        Assert.Equal("Bearer abc+/=", probe.Header("Authorization"));
        Assert.Null(probe.Header("If-None-Match"));
    }

    [Fact]
    public async Task FinalConcatenation_RefusedByTheBackend_CommitsNothing()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin, "Backend:WriteAccessCacheDuration=00:00:00");
        using var http = new TusHttp("t");
        using var part = await http.PostAsync(proxy.Origin + "/storage/alice/photos/a.jpg", 5, new byte[5],
            configure: r => r.Headers.TryAddWithoutValidation("Upload-Concat", "partial"));
        Assert.Equal(HttpStatusCode.Created, part.StatusCode);

        backend.ProbeStatus = 403; // the token lost its write access after the part was sent
        using var final = await http.PostAsync(proxy.Origin + "/storage/alice/photos/a.jpg", 0, configure: r =>
        {
            r.Headers.Remove("Upload-Length");
            r.Headers.TryAddWithoutValidation("Upload-Concat", "final;" + part.Headers.Location!.OriginalString);
        });

        Assert.Equal(HttpStatusCode.Forbidden, final.StatusCode);
        Assert.Empty(backend.Requests);
    }

    [Theory]
    [InlineData("/storage/alice/photos/2024/a.jpg", "/storage/alice/photos/")]
    [InlineData("/storage/alice/photos/a.jpg", "/storage/alice/photos/")]
    [InlineData("/storage/alice/a.jpg", "/storage/alice/")]
    [InlineData("/storage/alice/public/photos/a.jpg", "/storage/alice/public/photos/")]
    [InlineData("/storage/alice/public/a.jpg", "/storage/alice/public/")]
    public void TheCacheKey_IsTheUserAndModule(string document, string scope) =>
        Assert.Equal(scope, WriteAccessProbe.ScopeOf(document, "/storage/"));
}
