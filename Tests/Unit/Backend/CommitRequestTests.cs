using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Backend;

/// <summary>Exactly what the commit PUT carries, seen by a recording backend.</summary>
public sealed class CommitRequestTests : IAsyncLifetime
{
    private RecordingBackend _backend = null!;
    private ProxyServer _proxy = null!;
    private TusHttp _http = null!;

    public async Task InitializeAsync()
    {
        _backend = await RecordingBackend.StartAsync();
        _proxy = await ProxyServer.StartAsync(_backend.Origin);
        _http = new TusHttp("token+/=");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _proxy.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task CommitPut_CarriesLengthTypeConditionsAndTheCompletingAuthorization_AndStreamsTheWholeDocument()
    {
        var body = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        var url = _proxy.Origin + "/storage/alice/a%7Eb/doc.bin";
        var created = await _http.PutAsync(url, body[..1_000_000], uploadLength: body.Length, contentType: "image/png",
            configure: r => { r.Headers.TryAddWithoutValidation("If-Match", "\"42\""); r.Headers.TryAddWithoutValidation("If-None-Match", "\"7\""); });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Empty(_backend.Requests); // nothing partial ever reaches the backend

        var final = await _http.PatchAsync(url, 1_000_000, body[1_000_000..]);

        Assert.Equal(HttpStatusCode.Created, final.StatusCode);
        var put = Assert.Single(_backend.Requests);
        Assert.Equal("PUT", put.Method);
        Assert.Equal("/storage/alice/a%7Eb/doc.bin", put.RawTarget);
        Assert.Equal(body.Length.ToString(), put.Header("Content-Length"));
        Assert.Equal("image/png", put.Header("Content-Type"));
        Assert.Equal("\"42\"", put.Header("If-Match"));
        Assert.Equal("\"7\"", put.Header("If-None-Match"));
        Assert.Equal("Bearer token+/=", put.Header("Authorization"));
        Assert.Null(put.Header("Tus-Resumable"));
        Assert.Null(put.Header("Upload-Offset"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), put.BodySha256);
    }

    [Fact]
    public async Task OtherCredential_Gets404_AndCannotTouchTheUpload()
    {
        var url = _proxy.Origin + "/storage/alice/private.bin";
        await _http.PostAsync(url, 100, new byte[10]);
        using var other = new TusHttp("someone-else");

        Assert.Equal(HttpStatusCode.NotFound, (await other.HeadAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PatchAsync(url, 10, new byte[90])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync(url)).StatusCode);

        Assert.Equal(10, TusHttp.Offset(await _http.HeadAsync(url)));
        Assert.Empty(_backend.Requests);
    }

    [Fact]
    public async Task TokensAreNeverWrittenToDisk()
    {
        var url = _proxy.Origin + "/storage/alice/secret.bin";
        await _http.PostAsync(url, 100, new byte[10], metadata: "filetype dGV4dC9wbGFpbg==");
        foreach (var file in Directory.EnumerateFiles(_proxy.DataDirectory, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".bin")))
        {
            Assert.DoesNotContain("token+/=", await File.ReadAllTextAsync(file));
        }
    }

    [Theory]
    [InlineData(500, 502)]
    [InlineData(503, 503)]
    [InlineData(504, 504)]
    [InlineData(507, 507)]
    [InlineData(413, 413)]
    public async Task BackendFailureAtCommit_IsRelayedOrMapped_AndTheUploadIsKept(int backendStatus, int expected)
    {
        _backend.Responder = (_, context) => { context.Response.StatusCode = backendStatus; return Task.CompletedTask; };
        var url = _proxy.Origin + $"/storage/alice/fail{backendStatus}.bin";
        await _http.PostAsync(url, 10, new byte[5]);

        var final = await _http.PatchAsync(url, 5, new byte[5]);

        Assert.Equal(expected, (int)final.StatusCode);
        Assert.NotEqual(10, TusHttp.Offset(final) ?? -1);
        Assert.Equal(9, TusHttp.Offset(await _http.HeadAsync(url)));

        // Once the backend accepts, the ordinary tus retry (HEAD, PATCH of the rest) commits.
        _backend.Responder = null;
        var retry = await _http.PatchAsync(url, 9, new byte[1]);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(10, TusHttp.Offset(retry));
        Assert.Equal(10, _backend.Requests.Last().BodyLength);
    }
}
