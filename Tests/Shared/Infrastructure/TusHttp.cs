using System.Security.Cryptography.X509Certificates;
using System.Net.Http.Headers;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// Hand-built tus requests, so tests control every header (a tus client library would hide the
/// very mistakes these tests make on purpose).
/// </summary>
public sealed class TusHttp : IDisposable
{
    private readonly HttpClient _client;

    /// <param name="trusted">For a proxy on https: the one certificate, self-signed, that it must present.</param>
    public TusHttp(string token, X509Certificate2? trusted = null)
    {
        Token = token;
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) };
        if (trusted is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString();
        }
        _client = new HttpClient(handler);
    }

    public string Token { get; }

    public HttpClient Client => _client;

    public HttpRequestMessage Request(HttpMethod method, string url, bool tus = true, string? token = null)
    {
        var request = new HttpRequestMessage(method, Verbatim(url));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + (token ?? Token));
        if (tus)
        {
            request.Headers.TryAddWithoutValidation("Tus-Resumable", "1.0.0");
        }
        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _client.SendAsync(request);

    /// <summary>A URI sent exactly as written: System.Uri would otherwise turn %7E into ~ before
    /// the request leaves the test, and the test would no longer send what it means to.</summary>
    public static Uri Verbatim(string url) => new(url, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    /// <summary>PUT creation with a (possibly partial) first body.</summary>
    public Task<HttpResponseMessage> PutAsync(string url, byte[] body, long? uploadLength = null, string contentType = "application/octet-stream",
        Action<HttpRequestMessage>? configure = null)
    {
        var request = Request(HttpMethod.Put, url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (uploadLength is { } length) request.Headers.TryAddWithoutValidation("Upload-Length", length.ToString());
        configure?.Invoke(request);
        return _client.SendAsync(request);
    }

    /// <summary>POST creation; with a body it is creation-with-upload.</summary>
    public Task<HttpResponseMessage> PostAsync(string url, long uploadLength, byte[]? body = null, string? metadata = null,
        Action<HttpRequestMessage>? configure = null)
    {
        var request = Request(HttpMethod.Post, url);
        request.Headers.TryAddWithoutValidation("Upload-Length", uploadLength.ToString());
        if (metadata is not null) request.Headers.TryAddWithoutValidation("Upload-Metadata", metadata);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        }
        configure?.Invoke(request);
        return _client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PatchAsync(string url, long offset, byte[] body, string contentType = "application/offset+octet-stream",
        Action<HttpRequestMessage>? configure = null, string? token = null)
    {
        var request = Request(HttpMethod.Patch, url, token: token);
        request.Headers.TryAddWithoutValidation("Upload-Offset", offset.ToString());
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        configure?.Invoke(request);
        return _client.SendAsync(request);
    }

    public Task<HttpResponseMessage> HeadAsync(string url, string? token = null) => _client.SendAsync(Request(HttpMethod.Head, url, token: token));

    public Task<HttpResponseMessage> DeleteAsync(string url, string? token = null) => _client.SendAsync(Request(HttpMethod.Delete, url, token: token));

    /// <summary>A plain RS GET (no tus header) of a document.</summary>
    public async Task<(int Status, byte[] Body, HttpResponseMessage Response)> GetAsync(string url)
    {
        var response = await _client.SendAsync(Request(HttpMethod.Get, url, tus: false));
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response);
    }

    public static long? Offset(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Upload-Offset", out var values) ? long.Parse(values.Single()) : null;

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues) : null;

    public void Dispose() => _client.Dispose();
}
