using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Backend;

/// <summary>The one PUT of a finished upload, against armadietto: conditions, refusals, outcome.</summary>
[Collection(ProxiedCollection.Name)]
public sealed class CommitTests(ProxiedBackendFixture fixture) : IDisposable
{
    private readonly TusHttp _http = new(fixture.Backend.Token);
    private readonly string _folder = ProxiedBackendFixture.UniqueFolder("commit");

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task IfNoneMatchStar_OnAnExistingDocument_RelaysThe412AndKeepsTheUpload()
    {
        var url = $"{fixture.ProxiedRoot}/{_folder}/exists.txt";
        Assert.True((await _http.PutAsync(url, "original"u8.ToArray())).IsSuccessStatusCode);

        var body = RandomNumberGenerator.GetBytes(2000);
        var created = await _http.PutAsync(url, body[..1000], uploadLength: 2000, configure: r => r.Headers.TryAddWithoutValidation("If-None-Match", "*"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var final = await _http.PatchAsync(url, 1000, body[1000..]);

        Assert.Equal(HttpStatusCode.PreconditionFailed, final.StatusCode);
        Assert.Equal("original"u8.ToArray(), (await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/exists.txt")).Body);
        // Never offset == length for a document the backend refused: the last byte is held back.
        var head = await _http.HeadAsync(url);
        Assert.Equal(1999, TusHttp.Offset(head));
        Assert.Equal("2000", TusHttp.Header(head, "Upload-Length"));
    }

    [Fact]
    public async Task IfMatch_WithTheCurrentETag_ReplacesTheDocument()
    {
        var url = $"{fixture.ProxiedRoot}/{_folder}/match.txt";
        var first = await _http.PutAsync(url, "v1"u8.ToArray());
        var etag = first.Headers.ETag!.ToString();

        var body = RandomNumberGenerator.GetBytes(3000);
        await _http.PutAsync(url, body[..1000], uploadLength: 3000, configure: r => r.Headers.TryAddWithoutValidation("If-Match", etag));
        var final = await _http.PatchAsync(url, 1000, body[1000..]);

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.NotEqual(etag, final.Headers.ETag!.ToString());
        Assert.Equal(3000, TusHttp.Offset(final));
        Assert.Equal(body, (await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/match.txt")).Body);
    }

    [Fact]
    public async Task ReadOnlyToken_GetsTheBackendsRefusalAtCommit_AndTheUploadIsKept()
    {
        var readOnly = await fixture.Backend.MintTokenAsync("*:r");
        using var http = new TusHttp(readOnly);
        var url = $"{fixture.ProxiedRoot}/{_folder}/ro.bin";
        var created = await http.PostAsync(url, 10, new byte[6]);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var final = await http.PatchAsync(url, 6, new byte[4]);

        Assert.Equal(HttpStatusCode.Forbidden, final.StatusCode); // armadietto's answer for insufficient scope
        Assert.Equal(9, TusHttp.Offset(await http.HeadAsync(url)));
        Assert.Equal(404, (await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/ro.bin")).Status);
    }

    [Fact]
    public async Task DocumentFolderClash_RelaysThe409()
    {
        Assert.True((await _http.PutAsync($"{fixture.ProxiedRoot}/{_folder}/clash/child.txt", "x"u8.ToArray())).IsSuccessStatusCode);
        var response = await _http.PostAsync($"{fixture.ProxiedRoot}/{_folder}/clash", 3, new byte[3]);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task AfterTheCommit_HeadReportsTheFullOffsetAndTheBackendsETag()
    {
        var url = $"{fixture.ProxiedRoot}/{_folder}/done.bin";
        var body = RandomNumberGenerator.GetBytes(5000);
        await _http.PostAsync(url, 5000, body[..2000]);
        var final = await _http.PatchAsync(url, 2000, body[2000..]);
        Assert.True(final.IsSuccessStatusCode);

        var head = await _http.HeadAsync(url);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(5000, TusHttp.Offset(head));
        Assert.Equal(final.Headers.ETag, head.Headers.ETag);
    }

    [Fact]
    public async Task RepeatedCompletingPatch_GetsTheSameOutcome_NotASecondPut()
    {
        var url = $"{fixture.ProxiedRoot}/{_folder}/twice.bin";
        var body = RandomNumberGenerator.GetBytes(4000);
        await _http.PostAsync(url, 4000, body[..1000]);
        var final = await _http.PatchAsync(url, 1000, body[1000..]);
        var stored = await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/twice.bin");

        var again = await _http.PatchAsync(url, 1000, body[1000..]);

        Assert.Equal(final.StatusCode, again.StatusCode);
        Assert.Equal(final.Headers.ETag, again.Headers.ETag);
        // armadietto gives every PUT a new ETag: an unchanged one proves no second PUT happened.
        Assert.Equal(stored.Response.Headers.ETag, (await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/twice.bin")).Response.Headers.ETag);
    }
}
