using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.PassThrough;

/// <summary>
/// What exactly reaches the backend for requests the proxy does not take over, seen by a recording
/// backend (armadietto never answers a PATCH or POST on storage paths, so it cannot show these).
/// </summary>
public sealed class PassThroughFidelityTests : IAsyncLifetime
{
    private RecordingBackend _backend = null!;
    private ProxyServer _proxy = null!;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });

    public async Task InitializeAsync()
    {
        _backend = await RecordingBackend.StartAsync();
        _proxy = await ProxyServer.StartAsync(_backend.Origin);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _proxy.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    [InlineData("GET")]
    public async Task RequestWithoutTusResumable_ReachesTheBackendUnchanged(string method)
    {
        var target = "/storage/alice/caf%C3%A9/a%7Eb%2Bc%20d.txt?x=1&access_token=a%2Bb%3D";
        var body = method is "GET" or "DELETE" ? [] : RandomNumberGenerator.GetBytes(100_000);
        var request = new HttpRequestMessage(new HttpMethod(method), TusHttp.Verbatim(_proxy.Origin + target));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer abc+/=");
        request.Headers.TryAddWithoutValidation("If-Match", "\"1234\"");
        request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        request.Headers.TryAddWithoutValidation("Origin", "http://app.example");
        if (body.Length > 0)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=UTF-8");
        }

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var seen = Assert.Single(_backend.Requests);
        Assert.Equal(method, seen.Method);
        Assert.Equal(target, seen.RawTarget);
        Assert.Equal("Bearer abc+/=", seen.Header("Authorization"));
        Assert.Equal("\"1234\"", seen.Header("If-Match"));
        Assert.Equal("*", seen.Header("If-None-Match"));
        Assert.Equal("http://app.example", seen.Header("Origin"));
        Assert.Equal(body.Length, seen.BodyLength);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), seen.BodySha256);
        if (body.Length > 0)
        {
            Assert.Equal("application/json; charset=UTF-8", seen.Header("Content-Type"));
        }
    }

    [Fact]
    public async Task BackendAnswer_ComesBackUnchanged()
    {
        var payload = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        _backend.Responder = async (_, context) =>
        {
            context.Response.StatusCode = 207;
            context.Response.Headers.ETag = "\"v9\"";
            context.Response.Headers["Access-Control-Allow-Origin"] = "http://app.example";
            context.Response.Headers["Vary"] = "Origin";
            context.Response.Headers["X-Custom"] = "kept";
            context.Response.ContentType = "application/x-test";
            await context.Response.Body.WriteAsync(payload);
        };

        var response = await _client.GetAsync(_proxy.Origin + "/storage/alice/doc");

        Assert.Equal((HttpStatusCode)207, response.StatusCode);
        Assert.Equal("\"v9\"", response.Headers.ETag!.ToString());
        Assert.Equal("http://app.example", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("kept", response.Headers.GetValues("X-Custom").Single());
        Assert.Equal("application/x-test", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(payload, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task TusRequestOutsideStorage_PassesThrough()
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, _proxy.Origin + "/elsewhere/x");
        request.Headers.TryAddWithoutValidation("Tus-Resumable", "1.0.0");
        request.Content = new ByteArrayContent([1, 2, 3]);
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("PATCH", Assert.Single(_backend.Requests).Method);
    }

    [Fact]
    public async Task TraceContext_PassesThroughAsTheClientSentIt()
    {
        const string traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        using var withContext = new HttpRequestMessage(HttpMethod.Get, _proxy.Origin + "/storage/alice/traced.txt");
        withContext.Headers.TryAddWithoutValidation("traceparent", traceparent);
        withContext.Headers.TryAddWithoutValidation("tracestate", "vendor=1");

        Assert.Equal(HttpStatusCode.Created, (await _client.SendAsync(withContext)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.GetAsync(_proxy.Origin + "/storage/alice/plain.txt")).StatusCode);

        var seen = _backend.Requests.ToArray();
        Assert.Equal(traceparent, seen[0].Header("traceparent"));
        Assert.Equal("vendor=1", seen[0].Header("tracestate"));
        // Without trace export the proxy has no trace of its own to add.
        Assert.Null(seen[1].Header("traceparent"));
    }

    [Fact]
    public async Task WithTraceExport_TheForwardedRequestContinuesTheClientsTrace()
    {
        await using var tracing = await ProxyServer.StartAsync(_backend.Origin, "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9");
        using var request = new HttpRequestMessage(HttpMethod.Get, tracing.Origin + "/storage/alice/traced.txt");
        request.Headers.TryAddWithoutValidation("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        Assert.Equal(HttpStatusCode.Created, (await _client.SendAsync(request)).StatusCode);

        var forwarded = Assert.Single(_backend.Requests).Header("traceparent");
        Assert.NotNull(forwarded);
        Assert.StartsWith("00-0af7651916cd43dd8448eb211c80319c-", forwarded);
        Assert.DoesNotContain("b7ad6b7169203331", forwarded);
    }

    /// <summary>The UTF-8 bytes of "ü" (C3 BC), one char per byte.</summary>
    private const string Utf8Umlaut = "\u00C3\u00BC";

    [Theory]
    [InlineData("GET", "/storage/alice/a.txt")]
    [InlineData("PUT", "/storage/alice/a.txt")]
    [InlineData("GET", "/.well-known/webfinger?resource=acct:alice@x")]
    public async Task HeaderValueWithNonAsciiBytes_ReachesTheBackendUnchanged(string method, string target)
    {
        await using var connection = await RawHttpConnection.OpenAsync(_proxy.Origin);
        await connection.WriteHeadAsync(method, target, ("X-Test", Utf8Umlaut), ("Content-Length", "0"));
        var answer = await connection.ReadResponseAsync();

        Assert.Equal(201, answer.Status);
        Assert.Equal(Utf8Umlaut, Assert.Single(_backend.Requests).Header("X-Test"));
    }

    [Fact]
    public async Task ResponseHeaderWithNonAsciiBytes_ReachesTheClientUnchanged()
    {
        _backend.Responder = (_, context) =>
        {
            context.Response.StatusCode = 200;
            context.Response.Headers["X-Back"] = Utf8Umlaut;
            return Task.CompletedTask;
        };
        await using var connection = await RawHttpConnection.OpenAsync(_proxy.Origin);
        await connection.WriteHeadAsync("GET", "/storage/alice/a.txt");
        var answer = await connection.ReadResponseAsync();

        Assert.Equal(200, answer.Status);
        Assert.Equal(Utf8Umlaut, answer.Header("X-Back"));
    }

    [Fact]
    public async Task Answers_CarryNoServerHeaderOfTheProxysOwn()
    {
        using var passedThrough = await _client.GetAsync(_proxy.Origin + "/storage/alice/a.txt");
        Assert.Equal(HttpStatusCode.Created, passedThrough.StatusCode);
        Assert.Empty(passedThrough.Headers.Server);

        using var tus = new TusHttp("t");
        using var tusAnswer = await tus.HeadAsync(_proxy.Origin + "/storage/alice/none.bin");
        Assert.Equal(HttpStatusCode.NotFound, tusAnswer.StatusCode);
        Assert.Empty(tusAnswer.Headers.Server);
    }

    [Fact]
    public async Task TheBackendsServerHeader_PassesThrough()
    {
        _backend.Responder = (_, context) =>
        {
            context.Response.StatusCode = 200;
            context.Response.Headers.Server = "rs-server/1.2";
            return Task.CompletedTask;
        };
        using var response = await _client.GetAsync(_proxy.Origin + "/storage/alice/a.txt");
        Assert.Equal("rs-server/1.2", response.Headers.Server.ToString());
    }
}
