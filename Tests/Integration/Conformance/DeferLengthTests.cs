using System.Net;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>creation-defer-length (checklist 2.3).</summary>
[Collection(ProxiedCollection.Name)]
public class DeferLengthTests(ProxiedBackendFixture fixture) : ConformanceTest(fixture)
{
    private async Task CreateDeferredAsync(string url)
    {
        var request = Tus.Request(HttpMethod.Post, url);
        request.Headers.TryAddWithoutValidation("Upload-Defer-Length", "1");
        using var created = await Tus.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private static Action<HttpRequestMessage> WithLength(long length) => r => r.Headers.TryAddWithoutValidation("Upload-Length", length.ToString());

    [Fact, Trait("tus", "EXT-DL-01")]
    public async Task PostWithDeferLength_Returns201()
    {
        await CreateDeferredAsync(Url("dl01.bin"));
    }

    [Fact, Trait("tus", "EXT-DL-02")]
    public async Task Head_WhileLengthIsDeferred_ReportsDeferLengthAndNoLength()
    {
        var url = Url("dl02.bin");
        await CreateDeferredAsync(url);
        using var head = await HeadAsync(url);
        Assert.Equal("1", TusHttp.Header(head, "Upload-Defer-Length"));
        Assert.Null(TusHttp.Header(head, "Upload-Length"));
    }

    [Fact, Trait("tus", "EXT-DL-03")]
    public async Task PatchesBeforeTheLengthIsKnown_AreAccepted_AndTheLastOneCommits()
    {
        var url = Url("dl03.bin");
        var data = Bytes(3_000);
        await CreateDeferredAsync(url);
        using (var first = await Tus.PatchAsync(url, 0, data[..1_000])) Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        using (var second = await Tus.PatchAsync(url, 1_000, data[1_000..2_000])) Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        using (var last = await Tus.PatchAsync(url, 2_000, data[2_000..], configure: WithLength(3_000)))
        {
            Assert.True(last.IsSuccessStatusCode, $"{(int)last.StatusCode}");
            Assert.NotNull(last.Headers.ETag);
        }
        Assert.Equal(data, (await BackendDocumentAsync("dl03.bin"))!.Value.Body);
    }

    [Fact, Trait("tus", "EXT-DL-04")]
    public async Task PatchWithADifferentLengthOnceKnown_Returns400()
    {
        var url = Url("dl04.bin");
        await CreateDeferredAsync(url);
        using (var set = await Tus.PatchAsync(url, 0, [1], configure: WithLength(10))) Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        using var changed = await Tus.PatchAsync(url, 1, [2], configure: WithLength(11));
        Assert.Equal(HttpStatusCode.BadRequest, changed.StatusCode);
        using var head = await HeadAsync(url);
        Assert.Equal("10", TusHttp.Header(head, "Upload-Length"));
        Assert.Equal(1, TusHttp.Offset(head));
    }

    [Fact, Trait("tus", "EXT-DL-05")]
    public async Task LengthBelowTheOffset_Returns400_AndAboveTheMaximum_Returns413()
    {
        var url = Url("dl05.bin");
        await CreateDeferredAsync(url);
        using (var some = await Tus.PatchAsync(url, 0, Bytes(100))) Assert.Equal(HttpStatusCode.NoContent, some.StatusCode);
        using (var below = await Tus.PatchAsync(url, 100, [], configure: WithLength(50))) Assert.Equal(HttpStatusCode.BadRequest, below.StatusCode);
        using (var above = await Tus.PatchAsync(url, 100, [], configure: WithLength(ProxiedBackendFixture.MaxUploadSize + 1)))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, above.StatusCode);
        using var head = await HeadAsync(url);
        Assert.Equal("1", TusHttp.Header(head, "Upload-Defer-Length"));
    }

    [Fact, Trait("tus", "EXT-DL-06")]
    public async Task ChunkedBodyPastTheMaximum_WhileDeferred_Returns413_AndKeepsOnlyUpToTheMaximum()
    {
        await using var proxy = await Fixture.StartProxyAsync("ResumableUploads:MaxUploadSize=1000");
        var url = UrlVia(proxy, "dl06.bin");
        await CreateDeferredAsync(url);
        using var patch = await PatchChunkedAsync(url, 0, Bytes(5_000));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, patch.StatusCode);
        using var head = await Tus.HeadAsync(url);
        Assert.True(TusHttp.Offset(head) <= 1000, $"offset {TusHttp.Offset(head)}");
        Assert.InRange(await StagedLengthAsync(UploadIdOf("dl06.bin", proxy), proxy), 0, 1000);
    }

    [Fact, Trait("tus", "EXT-DL-07")]
    public async Task ZeroBytePatchCarryingOnlyTheLength_CommitsTheDocument()
    {
        var url = Url("dl07.bin");
        var data = Bytes(2_000);
        await CreateDeferredAsync(url);
        using (var all = await Tus.PatchAsync(url, 0, data)) Assert.Equal(HttpStatusCode.NoContent, all.StatusCode);
        using (var length = await Tus.PatchAsync(url, 2_000, [], configure: WithLength(2_000)))
        {
            Assert.True(length.IsSuccessStatusCode, $"{(int)length.StatusCode}");
            Assert.Equal(2_000, TusHttp.Offset(length));
        }
        Assert.Equal(data, (await BackendDocumentAsync("dl07.bin"))!.Value.Body);
    }
}
