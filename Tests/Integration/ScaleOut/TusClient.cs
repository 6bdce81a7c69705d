using System.Net;
using System.Net.Http.Headers;

namespace RsResumeProxy.Tests.ScaleOut;

/// <summary>The few tus requests the scale-out tests make, against one proxy instance.</summary>
public sealed class TusClient(string origin, string token) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public string Origin => origin;

    public Task<HttpResponseMessage> CreateAsync(string path, long length, byte[]? firstBytes = null)
    {
        var request = Request(HttpMethod.Post, path);
        request.Headers.Add("Upload-Length", length.ToString());
        request.Headers.Add("Upload-Metadata", "filetype YXBwbGljYXRpb24vb2N0ZXQtc3RyZWFt");
        request.Content = firstBytes is null ? null : Body(new ByteArrayContent(firstBytes));
        return _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PatchAsync(string path, long offset, byte[] bytes) =>
        PatchAsync(path, offset, new ByteArrayContent(bytes));

    /// <summary>A PATCH whose body the caller controls (a body that stalls, or is cut by a kill).</summary>
    public Task<HttpResponseMessage> PatchAsync(string path, long offset, HttpContent content, CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Patch, path);
        request.Headers.Add("Upload-Offset", offset.ToString());
        request.Content = Body(content);
        return _http.SendAsync(request, cancellationToken);
    }

    public Task<HttpResponseMessage> HeadAsync(string path) => _http.SendAsync(Request(HttpMethod.Head, path));

    /// <summary>A plain request that the proxy passes through to the RS server.</summary>
    public Task<HttpResponseMessage> GetAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, origin + path);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return _http.SendAsync(request);
    }

    public static long Offset(HttpResponseMessage response) =>
        long.Parse(response.Headers.GetValues("Upload-Offset").Single());

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, origin + path) { Version = HttpVersion.Version11 };
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return request;
    }

    private static HttpContent Body(HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        return content;
    }
}
