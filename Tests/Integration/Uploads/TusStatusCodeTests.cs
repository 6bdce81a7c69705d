using System.Net;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Uploads;

/// <summary>HEAD, PATCH, DELETE and OPTIONS answer with the profile's status codes and headers,
/// and bad input changes nothing.</summary>
[Collection(ProxiedCollection.Name)]
public sealed class TusStatusCodeTests(ProxiedBackendFixture fixture) : IDisposable
{
    private readonly TusHttp _http = new(fixture.Backend.Token);
    private readonly string _folder = ProxiedBackendFixture.UniqueFolder("status");

    public void Dispose() => _http.Dispose();

    private async Task<string> CreateAsync(string name, long length = 1000, int first = 100)
    {
        var url = $"{fixture.ProxiedRoot}/{_folder}/{name}";
        var created = await _http.PostAsync(url, length, new byte[first]);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return url;
    }

    private async Task AssertOffsetAsync(string url, long expected)
    {
        var head = await _http.HeadAsync(url);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(expected, TusHttp.Offset(head));
    }

    [Fact]
    public async Task Head_OnAnUpload_CarriesOffsetLengthExpiresAndNoStore()
    {
        var url = await CreateAsync("h.bin");
        var head = await _http.HeadAsync(url);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(100, TusHttp.Offset(head));
        Assert.Equal("1000", TusHttp.Header(head, "Upload-Length"));
        Assert.Equal("no-store", TusHttp.Header(head, "Cache-Control"));
        Assert.Equal("1.0.0", TusHttp.Header(head, "Tus-Resumable"));
        Assert.True(DateTimeOffset.TryParseExact(TusHttp.Header(head, "Upload-Expires"), "r", null, System.Globalization.DateTimeStyles.None, out _));
    }

    [Fact]
    public async Task Head_OnNoUpload_Is404WithoutOffset()
    {
        var head = await _http.HeadAsync($"{fixture.ProxiedRoot}/{_folder}/none.bin");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Null(TusHttp.Offset(head));
        Assert.Equal("1.0.0", TusHttp.Header(head, "Tus-Resumable"));
    }

    [Fact]
    public async Task Patch_AtTheOffset_Returns204WithTheNewOffset()
    {
        var url = await CreateAsync("p.bin");
        var patch = await _http.PatchAsync(url, 100, new byte[400]);
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.Equal(500, TusHttp.Offset(patch));
        Assert.NotNull(TusHttp.Header(patch, "Upload-Expires"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    [InlineData(101)]
    public async Task Patch_WithStaleOffset_Returns409WithTheOffsetAndKeepsData(long wrong)
    {
        var url = await CreateAsync($"c{wrong}.bin");
        var patch = await _http.PatchAsync(url, wrong, new byte[50]);
        Assert.Equal(HttpStatusCode.Conflict, patch.StatusCode);
        Assert.Equal(100, TusHttp.Offset(patch));
        await AssertOffsetAsync(url, 100);
    }

    [Theory]
    [InlineData("application/octet-stream")]
    [InlineData("text/plain")]
    public async Task Patch_WithAnotherMediaType_Returns415(string contentType)
    {
        var url = await CreateAsync("m.bin");
        var patch = await _http.PatchAsync(url, 100, new byte[50], contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, patch.StatusCode);
        await AssertOffsetAsync(url, 100);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("+100")]
    [InlineData("1e2")]
    [InlineData("100.0")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    public async Task Patch_WithMalformedOffset_Returns400AndChangesNothing(string offset)
    {
        var url = await CreateAsync($"o{Guid.NewGuid():N}.bin");
        var request = _http.Request(HttpMethod.Patch, url);
        request.Headers.TryAddWithoutValidation("Upload-Offset", offset);
        request.Content = new ByteArrayContent(new byte[10]);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/offset+octet-stream");
        var patch = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        await AssertOffsetAsync(url, 100);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("1.5")]
    [InlineData("0x10")]
    [InlineData("99999999999999999999")]
    [InlineData("abc")]
    public async Task Creation_WithMalformedLength_Returns400AndCreatesNothing(string length)
    {
        var url = $"{fixture.ProxiedRoot}/{_folder}/l{Guid.NewGuid():N}.bin";
        var request = _http.Request(HttpMethod.Post, url);
        request.Headers.TryAddWithoutValidation("Upload-Length", length);
        var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.HeadAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Creation_PastTusMaxSize_Returns413()
    {
        var url = $"{fixture.ProxiedRoot}/{_folder}/huge.bin";
        var response = await _http.PostAsync(url, ProxiedBackendFixture.MaxUploadSize + 1);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.HeadAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Patch_PastTheUploadLength_Returns413AndChangesNothing()
    {
        var url = await CreateAsync("over.bin");
        var patch = await _http.PatchAsync(url, 100, new byte[901]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, patch.StatusCode);
        await AssertOffsetAsync(url, 100);
    }

    [Theory]
    [InlineData("0.2.2")]
    [InlineData("2.0.0")]
    public async Task UnsupportedTusVersion_Returns412WithTusVersion(string version)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{fixture.ProxiedRoot}/{_folder}/v.bin");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + fixture.Backend.Token);
        request.Headers.TryAddWithoutValidation("Tus-Resumable", version);
        request.Headers.TryAddWithoutValidation("Upload-Length", "10");
        var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("1.0.0", TusHttp.Header(response, "Tus-Version"));
    }

    [Fact]
    public async Task TusRequest_WithoutAuthorization_Returns401()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{fixture.ProxiedRoot}/{_folder}/anon.bin");
        request.Headers.TryAddWithoutValidation("Tus-Resumable", "1.0.0");
        request.Headers.TryAddWithoutValidation("Upload-Length", "10");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Delete_DiscardsThePendingUpload_ThenHeadIs404()
    {
        var before = StagedFiles();
        var url = await CreateAsync("d.bin");
        Assert.Equal(before + 1, StagedFiles());
        var delete = await _http.DeleteAsync(url);
        Assert.Equal(before, StagedFiles()); // the staged bytes are gone, not only the record
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.HeadAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync(url)).StatusCode);
    }

    // Tests of this collection run one at a time, so the count changes only by what this test does.
    private int StagedFiles() => Directory.GetFiles(fixture.Proxy.StagingDirectory, "*.bin").Length;

    [Fact]
    public async Task Delete_NeverTouchesTheBackendDocument()
    {
        var url = $"{fixture.ProxiedRoot}/{_folder}/kept.txt";
        Assert.True((await _http.PutAsync(url, "stored"u8.ToArray())).IsSuccessStatusCode);
        await _http.PostAsync(url, 100, new byte[10]); // a new pending upload over the stored document
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(url)).StatusCode);
        Assert.Equal("stored"u8.ToArray(), (await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/kept.txt")).Body);
    }

    [Fact]
    public async Task Options_AnnouncesVersionExtensionsAndMaxSize()
    {
        var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Options, $"{fixture.ProxiedRoot}/{_folder}/x"));
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("1.0.0", TusHttp.Header(response, "Tus-Version"));
        var extensions = TusHttp.Header(response, "Tus-Extension")!.Split(',');
        Assert.Contains("creation", extensions);
        Assert.Contains("creation-with-upload", extensions);
        Assert.Contains("termination", extensions);
        Assert.Contains("concatenation", extensions);
        Assert.DoesNotContain("concatenation-unfinished", extensions);
        Assert.Equal(ProxiedBackendFixture.MaxUploadSize.ToString(), TusHttp.Header(response, "Tus-Max-Size"));
    }
}
