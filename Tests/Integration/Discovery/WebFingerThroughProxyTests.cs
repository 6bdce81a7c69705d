using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using RsResumeProxy.Discovery;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Discovery;

/// <summary>armadietto's WebFinger answer through the proxy: the remoteStorage link announces
/// resumable uploads, and nothing else changes.</summary>
[Collection(ProxiedCollection.Name)]
public sealed class WebFingerThroughProxyTests(ProxiedBackendFixture fixture) : ProxiedTest(fixture)
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    private string Query => $"/.well-known/webfinger?resource=acct:{Fixture.Backend.User}@{Fixture.Proxy.Address.Authority}";

    private async Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(string url, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", "application/jrd+json, application/json");
        request.Headers.TryAddWithoutValidation("Origin", "http://127.0.0.1:1");
        configure?.Invoke(request);
        var response = await _client.SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task RemoteStorageLink_AnnouncesResumableUploads_WithAValidContentLength()
    {
        var (response, body) = await GetAsync(Fixture.Proxy.Origin + Query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        var link = JsonNode.Parse(body)!["links"]!.AsArray()
            .Single(l => l!["rel"]!.GetValue<string>() == "http://tools.ietf.org/id/draft-dejong-remotestorage")!;
        Assert.Equal("1.0.0", link["properties"]![WebFingerTransform.ResumableUploadProperty]!.GetValue<string>());
        Assert.Equal($"{Fixture.Proxy.Origin}/storage/{Fixture.Backend.User}", link["href"]!.GetValue<string>());
    }

    [Fact]
    public async Task EverythingElse_IsWhatTheBackendSent()
    {
        // armadietto builds its URLs from X-Forwarded-Host, which YARP sets to the proxy's host; ask
        // it directly the same way and the two answers may differ only by the inserted property.
        var direct = await GetAsync(Fixture.Backend.Origin + Query, r => r.Headers.TryAddWithoutValidation("X-Forwarded-Host", Fixture.Proxy.Address.Authority));
        var proxied = await GetAsync(Fixture.Proxy.Origin + Query);

        var inserted = $",\"{WebFingerTransform.ResumableUploadProperty}\":\"1.0.0\"";
        var insertedDraft = $",\"{WebFingerTransform.DraftResumableUploadProperty}\":\"6,8,9\"";
        var proxiedText = Encoding.UTF8.GetString(proxied.Body);
        Assert.Contains(inserted, proxiedText);
        Assert.Contains(insertedDraft, proxiedText);
        Assert.Equal(Encoding.UTF8.GetString(direct.Body), proxiedText.Replace(inserted, "").Replace(insertedDraft, ""));
        Assert.Equal(direct.Response.Content.Headers.ContentType, proxied.Response.Content.Headers.ContentType);
        Assert.Equal(direct.Response.Content.Headers.ContentLength + Encoding.UTF8.GetByteCount(inserted + insertedDraft),
            proxied.Response.Content.Headers.ContentLength);
        Assert.Equal(Assert.Single(direct.Response.Headers.GetValues("Access-Control-Allow-Origin")),
            Assert.Single(proxied.Response.Headers.GetValues("Access-Control-Allow-Origin")));
    }
}
