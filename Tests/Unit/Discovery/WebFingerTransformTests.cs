using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using RsResumeProxy.Discovery;
using Yarp.ReverseProxy.Transforms;

namespace RsResumeProxy.Tests.Discovery;

/// <summary>The transform on a response as YARP hands it over: the backend's headers already
/// copied to the client's response, the backend's body not yet.</summary>
public class WebFingerTransformTests
{
    private const string Jrd = """{"links":[{"rel":"http://tools.ietf.org/id/draft-dejong-remotestorage","href":"http://h/storage/a","properties":{"x":"y"}}]}""";

    private static (ResponseTransformContext Context, MemoryStream Body) Proxied(
        byte[] body, string method = "GET", string path = WebFingerTransform.WebFingerPath, HttpStatusCode status = HttpStatusCode.OK,
        string contentType = "application/jrd+json; charset=utf-8", bool withLength = true, string? contentEncoding = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        var clientBody = new MemoryStream();
        http.Response.Body = clientBody;
        HttpContent content = withLength ? new ByteArrayContent(body) : new StreamContent(new NonSeekableStream(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (contentEncoding is not null)
        {
            content.Headers.ContentEncoding.Add(contentEncoding);
        }
        var response = new HttpResponseMessage(status) { Content = content };
        http.Response.StatusCode = (int)status;
        if (withLength)
        {
            http.Response.ContentLength = body.Length;
        }
        http.Response.Headers["Access-Control-Allow-Origin"] = "http://app.example";
        return (new ResponseTransformContext { HttpContext = http, ProxyResponse = response, HeadersCopied = true }, clientBody);
    }

    private static WebFingerTransform Transform() => new(NullLogger<WebFingerTransform>.Instance);

    [Fact]
    public async Task Jrd_IsRewritten_WithItsContentLengthFixed_AndOtherHeadersKept()
    {
        var (context, body) = Proxied(Encoding.UTF8.GetBytes(Jrd));

        await Transform().ApplyAsync(context);

        Assert.True(context.SuppressResponseBody);
        var written = body.ToArray();
        Assert.Equal(written.Length, context.HttpContext.Response.ContentLength);
        Assert.Equal("1.0.0", JsonNode.Parse(written)!["links"]![0]!["properties"]![WebFingerTransform.ResumableUploadProperty]!.GetValue<string>());
        Assert.Equal("http://app.example", context.HttpContext.Response.Headers["Access-Control-Allow-Origin"].ToString());
    }

    [Fact]
    public async Task ChunkedJrd_GetsAContentLength()
    {
        var (context, body) = Proxied(Encoding.UTF8.GetBytes(Jrd), withLength: false);

        await Transform().ApplyAsync(context);

        Assert.Equal(body.Length, context.HttpContext.Response.ContentLength);
        Assert.Contains(WebFingerTransform.ResumableUploadProperty, Encoding.UTF8.GetString(body.ToArray()));
    }

    [Theory]
    [InlineData("{\"links\":[{\"rel\":\"remotestorage\",")]
    [InlineData("<html>oops</html>")]
    [InlineData("{\"subject\":\"acct:a@b\",\"links\":[]}")]
    public async Task DocumentsThatCannotBeRewritten_PassThroughByteForByte(string document)
    {
        var bytes = Encoding.UTF8.GetBytes(document);
        var (context, body) = Proxied(bytes);

        await Transform().ApplyAsync(context);

        Assert.Equal(bytes, body.ToArray());
        Assert.Equal(bytes.Length, context.HttpContext.Response.ContentLength);
    }

    [Fact]
    public async Task BodyPastTheBound_StreamsThroughWhole()
    {
        var big = Encoding.UTF8.GetBytes("{\"links\":[{\"rel\":\"remotestorage\",\"pad\":\"" + new string('a', WebFingerTransform.MaxDocumentBytes) + "\"}]}");
        var (context, body) = Proxied(big, withLength: false);

        await Transform().ApplyAsync(context);

        Assert.True(context.SuppressResponseBody);
        Assert.Equal(big, body.ToArray());
        Assert.Null(context.HttpContext.Response.ContentLength);
    }

    [Fact]
    public async Task DeclaredLengthPastTheBound_IsLeftToYarp()
    {
        var big = new byte[WebFingerTransform.MaxDocumentBytes + 1];
        var (context, body) = Proxied(big);

        await Transform().ApplyAsync(context);

        Assert.False(context.SuppressResponseBody);
        Assert.Equal(0, body.Length);
    }

    public static TheoryData<string, string, HttpStatusCode, string, string?> NotForUs => new()
    {
        { "HEAD", WebFingerTransform.WebFingerPath, HttpStatusCode.NotFound, "application/jrd+json", null },
        { "GET", "/.well-known/host-meta.json", HttpStatusCode.OK, "application/json", null },
        { "GET", "/storage/a/doc.json", HttpStatusCode.OK, "application/json", null },
        { "GET", WebFingerTransform.WebFingerPath, HttpStatusCode.NotFound, "application/jrd+json", null },
        { "GET", WebFingerTransform.WebFingerPath, HttpStatusCode.OK, "text/html", null },
        { "GET", WebFingerTransform.WebFingerPath, HttpStatusCode.OK, "application/jrd+json", "gzip" },
    };

    [Theory]
    [MemberData(nameof(NotForUs))]
    public async Task OtherResponses_AreLeftToYarp(string method, string path, HttpStatusCode status, string contentType, string? encoding)
    {
        var (context, body) = Proxied(Encoding.UTF8.GetBytes(Jrd), method, path, status, contentType, contentEncoding: encoding);

        await Transform().ApplyAsync(context);

        Assert.False(context.SuppressResponseBody);
        Assert.Equal(0, body.Length);
        Assert.Equal(Jrd.Length, context.HttpContext.Response.ContentLength);
    }

    [Fact]
    public async Task HeadOnJrd_LosesTheBackendsContentLength_AndNothingElse()
    {
        var (context, body) = Proxied(Encoding.UTF8.GetBytes(Jrd), method: "HEAD");

        await Transform().ApplyAsync(context);

        Assert.Null(context.HttpContext.Response.ContentLength);
        Assert.False(context.SuppressResponseBody);
        Assert.Equal(0, body.Length);
        Assert.Equal("http://app.example", context.HttpContext.Response.Headers["Access-Control-Allow-Origin"].ToString());
    }
}
