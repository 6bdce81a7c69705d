using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Backend;

/// <summary>The one PUT of a finished upload, against armadietto: conditions, refusals, outcome.</summary>
[Collection(ProxiedCollection.Name)]
public sealed class CommitTests(ProxiedBackendFixture fixture) : ProxiedTest(fixture)
{
    [Fact]
    public async Task IfNoneMatchStar_OnAnExistingDocument_RelaysThe412AndKeepsTheUpload()
    {
        var url = $"{Fixture.ProxiedRoot}/{Folder}/exists.txt";
        Assert.True((await Tus.PutAsync(url, "original"u8.ToArray())).IsSuccessStatusCode);

        var body = RandomNumberGenerator.GetBytes(2000);
        var created = await Tus.PutAsync(url, body[..1000], uploadLength: 2000, configure: r => r.Headers.TryAddWithoutValidation("If-None-Match", "*"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var final = await Tus.PatchAsync(url, 1000, body[1000..]);

        Assert.Equal(HttpStatusCode.PreconditionFailed, final.StatusCode);
        Assert.Equal("original"u8.ToArray(), (await Tus.GetAsync($"{Fixture.DirectRoot}/{Folder}/exists.txt")).Body);
        // Never offset == length for a document the backend refused: the last byte is held back.
        var head = await Tus.HeadAsync(url);
        Assert.Equal(1999, TusHttp.Offset(head));
        Assert.Equal("2000", TusHttp.Header(head, "Upload-Length"));
    }

    [Fact]
    public async Task IfMatch_WithTheCurrentETag_ReplacesTheDocument()
    {
        var url = $"{Fixture.ProxiedRoot}/{Folder}/match.txt";
        var first = await Tus.PutAsync(url, "v1"u8.ToArray());
        var etag = first.Headers.ETag!.ToString();

        var body = RandomNumberGenerator.GetBytes(3000);
        await Tus.PutAsync(url, body[..1000], uploadLength: 3000, configure: r => r.Headers.TryAddWithoutValidation("If-Match", etag));
        var final = await Tus.PatchAsync(url, 1000, body[1000..]);

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.NotEqual(etag, final.Headers.ETag!.ToString());
        Assert.Equal(3000, TusHttp.Offset(final));
        Assert.Equal(body, (await Tus.GetAsync($"{Fixture.DirectRoot}/{Folder}/match.txt")).Body);
    }

    [Fact]
    public async Task ReadOnlyToken_GetsTheBackendsRefusalAtCreation_AndNothingIsStaged()
    {
        var readOnly = await Fixture.Backend.MintTokenAsync("*:r");
        using var http = new TusHttp(readOnly);
        var url = $"{Fixture.ProxiedRoot}/{Folder}/ro.bin";

        var created = await http.PostAsync(url, 10, new byte[6]);

        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode); // armadietto's answer for insufficient scope
        Assert.Equal(HttpStatusCode.NotFound, (await http.HeadAsync(url)).StatusCode);
        Assert.Equal(404, (await Tus.GetAsync($"{Fixture.DirectRoot}/{Folder}/ro.bin")).Status);
    }

    [Fact]
    public async Task TokenRefusedAtCommit_GetsTheBackendsAnswer_AndTheUploadIsKept()
    {
        // Allowed when the upload began, refused when it completes (a token revoked in between).
        await using var backend = await RecordingBackend.StartAsync();
        backend.Responder = (_, context) =>
        {
            context.Response.StatusCode = 403;
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"insufficient_scope\"";
            return Task.CompletedTask;
        };
        await using var proxy = await ProxyServer.StartAsync(backend.Origin);
        using var http = new TusHttp("t");
        var url = $"{proxy.Origin}/storage/alice/revoked.bin";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, 10, new byte[6])).StatusCode);

        var final = await http.PatchAsync(url, 6, new byte[4]);

        Assert.Equal(HttpStatusCode.Forbidden, final.StatusCode);
        Assert.Equal(9, TusHttp.Offset(await http.HeadAsync(url)));
    }

    [Fact]
    public async Task DocumentFolderClash_RelaysThe409()
    {
        Assert.True((await Tus.PutAsync($"{Fixture.ProxiedRoot}/{Folder}/clash/child.txt", "x"u8.ToArray())).IsSuccessStatusCode);
        var response = await Tus.PostAsync($"{Fixture.ProxiedRoot}/{Folder}/clash", 3, new byte[3]);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task AfterTheCommit_HeadReportsTheFullOffsetAndTheBackendsETag()
    {
        var url = $"{Fixture.ProxiedRoot}/{Folder}/done.bin";
        var body = RandomNumberGenerator.GetBytes(5000);
        await Tus.PostAsync(url, 5000, body[..2000]);
        var final = await Tus.PatchAsync(url, 2000, body[2000..]);
        Assert.True(final.IsSuccessStatusCode);

        var head = await Tus.HeadAsync(url);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(5000, TusHttp.Offset(head));
        Assert.Equal(final.Headers.ETag, head.Headers.ETag);
    }

    [Fact]
    public async Task RepeatedCompletingPatch_GetsTheSameOutcome_NotASecondPut()
    {
        var url = $"{Fixture.ProxiedRoot}/{Folder}/twice.bin";
        var body = RandomNumberGenerator.GetBytes(4000);
        await Tus.PostAsync(url, 4000, body[..1000]);
        var final = await Tus.PatchAsync(url, 1000, body[1000..]);
        var stored = await Tus.GetAsync($"{Fixture.DirectRoot}/{Folder}/twice.bin");

        var again = await Tus.PatchAsync(url, 1000, body[1000..]);

        Assert.Equal(final.StatusCode, again.StatusCode);
        Assert.Equal(final.Headers.ETag, again.Headers.ETag);
        // armadietto gives every PUT a new ETag: an unchanged one proves no second PUT happened.
        Assert.Equal(stored.Response.Headers.ETag, (await Tus.GetAsync($"{Fixture.DirectRoot}/{Folder}/twice.bin")).Response.Headers.ETag);
    }
}
