using System.Net;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>Tus-Max-Size announced and enforced at creation and on every PATCH (checklist C-42,
/// EXT-CR-06, P-13), chunked bodies included.</summary>
[Collection(ProxiedCollection.Name)]
public class MaxSizeTests(ProxiedBackendFixture fixture) : ConformanceTest(fixture)
{
    [Fact, Trait("tus", "C-42")]
    public async Task Options_AnnouncesTusMaxSize()
    {
        using var response = await Tus.SendAsync(new HttpRequestMessage(HttpMethod.Options, Url("ms.bin")));
        Assert.Equal(ProxiedBackendFixture.MaxUploadSize.ToString(), TusHttp.Header(response, "Tus-Max-Size"));
    }

    [Fact, Trait("tus", "EXT-CR-06")]
    public async Task CreationPastTheMaximum_Returns413AndCreatesNothing()
    {
        var url = Url("cr06.bin");
        using var response = await Tus.PostAsync(url, ProxiedBackendFixture.MaxUploadSize + 1);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var head = await HeadAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact, Trait("tus", "P-13")]
    public async Task ChunkedPatchPastTheUploadLength_Returns413_AndKeepsNoByteBeyond()
    {
        var url = Url("ms-chunked.bin");
        var data = Bytes(300_000);
        await CreateAsync(url, 100_000);
        using var patch = await PatchChunkedAsync(url, 0, data);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, patch.StatusCode);
        var staged = await StagedBytesAsync(UploadIdOf("ms-chunked.bin"));
        Assert.True(staged.Length <= 100_000, $"{staged.Length} bytes staged");
        Assert.Equal(data[..staged.Length], staged);
        Assert.Null(await BackendDocumentAsync("ms-chunked.bin"));
    }

    [Fact, Trait("tus", "P-13")]
    public async Task ChunkedPatchPastTusMaxSize_OnADeferredUpload_Returns413()
    {
        await using var proxy = await Fixture.StartProxyAsync("ResumableUploads:MaxUploadSize=65536");
        var url = UrlVia(proxy, "ms-max.bin");
        var request = Tus.Request(HttpMethod.Post, url);
        request.Headers.TryAddWithoutValidation("Upload-Defer-Length", "1");
        using (var created = await Tus.SendAsync(request)) Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using (var within = await PatchChunkedAsync(url, 0, Bytes(60_000))) Assert.Equal(HttpStatusCode.NoContent, within.StatusCode);
        using var past = await PatchChunkedAsync(url, 60_000, Bytes(60_000, 2));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, past.StatusCode);
        using var head = await Tus.HeadAsync(url);
        Assert.True(TusHttp.Offset(head) <= 65_536);
    }
}
