using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Discovery;

/// <summary>
/// HEAD on WebFinger through the proxy, against a backend that answers it as a GET without the body
/// (armadietto answers 404, so it cannot show this). The GET answer grows by the inserted property,
/// so the backend's Content-Length is wrong for it: a HEAD may leave the length out (RFC 9110 §9.3.2)
/// but must not announce one that a GET would not send.
/// </summary>
public sealed class WebFingerHeadTests
{
    private const string Jrd = """{"links":[{"rel":"http://tools.ietf.org/id/draft-dejong-remotestorage","href":"http://h/storage/a","properties":{"x":"y"}}]}""";

    [Fact]
    public async Task Head_NeverAnnouncesTheBackendsShorterLength()
    {
        await using var backend = await RecordingBackend.StartAsync();
        backend.Responder = async (_, context) =>
        {
            var body = Encoding.UTF8.GetBytes(Jrd);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/jrd+json; charset=utf-8";
            context.Response.ContentLength = body.Length;
            if (HttpMethods.IsGet(context.Request.Method))
            {
                await context.Response.Body.WriteAsync(body);
            }
        };
        await using var proxy = await ProxyServer.StartAsync(backend.Origin);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var url = proxy.Origin + "/.well-known/webfinger?resource=acct:a@h";

        using var get = await client.GetAsync(url);
        var getBody = await get.Content.ReadAsByteArrayAsync();
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.True(getBody.Length > Jrd.Length, "the GET answer carries the inserted property");
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.True(head.Content.Headers.ContentLength is null || head.Content.Headers.ContentLength == getBody.Length,
            $"HEAD says {head.Content.Headers.ContentLength} bytes, GET sends {getBody.Length}");
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}
