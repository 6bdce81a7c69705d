using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using RsResumeProxy.Discovery;

namespace RsResumeProxy.Tests.Discovery;

public class CorsHeadersTests
{
    [Fact]
    public void Merge_KeepsTheBackendsList_AndAddsOnlyWhatIsMissing()
    {
        var merged = CorsHeaders.Merge("Content-Length, Content-Type, ETag", ["ETag", "Location", "upload-offset", "Upload-Offset"]);

        Assert.Equal("Content-Length, Content-Type, ETag, Location, upload-offset", merged);
    }

    [Fact]
    public void Merge_ReadsEveryHeaderLine_AndListsInsideThem()
    {
        var merged = CorsHeaders.Merge(new StringValues(["GET, PUT", "DELETE", " ", "get"]), ["PATCH"]);

        Assert.Equal("GET, PUT, DELETE, PATCH", merged);
    }

    [Fact]
    public void Merge_OfNothing_IsTheAdditions()
    {
        Assert.Equal("POST, PATCH", CorsHeaders.Merge(StringValues.Empty, ["POST", "PATCH"]));
    }

    [Theory]
    [InlineData("http://app.example", "http://app.example")]
    [InlineData("null", "null")]
    [InlineData(null, "*")]
    [InlineData("", "*")]
    public void AllowedOrigin_EchoesOneOrigin_ElseIsTheWildcard(string? origin, string expected)
    {
        Assert.Equal(expected, CorsHeaders.AllowedOrigin(origin is null ? StringValues.Empty : new StringValues(origin)));
    }

    [Fact]
    public void AllowedOrigin_WithSeveralOriginHeaders_IsTheWildcard()
    {
        Assert.Equal("*", CorsHeaders.AllowedOrigin(new StringValues(["http://a", "http://b"])));
    }

    [Fact]
    public void TusAnswer_GetsExactlyOneAllowOrigin_EvenIfTheAnswerCarriedOne()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Origin = "http://app.example";
        context.Response.Headers.Append(CorsHeaders.AllowOrigin, "*");
        context.Response.Headers.Append(CorsHeaders.AllowOrigin, "http://other");

        CorsHeaders.ApplyToUploadAnswer(context);

        Assert.Equal("http://app.example", Assert.Single(context.Response.Headers[CorsHeaders.AllowOrigin].ToArray()));
    }

    [Fact]
    public void TusAnswer_ExposesTheTusHeadersAndETag_AndVariesByOrigin()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Origin = "http://app.example";
        context.Response.Headers.Vary = "Accept-Encoding";

        CorsHeaders.ApplyToUploadAnswer(context);

        var exposed = context.Response.Headers[CorsHeaders.ExposeHeaders].ToString().Split(", ");
        foreach (var header in new[] { "Location", "Upload-Offset", "Upload-Length", "Upload-Expires", "Tus-Resumable", "Tus-Version", "Tus-Max-Size", "Tus-Extension", "ETag" })
        {
            Assert.Contains(header, exposed);
        }
        Assert.Equal("Accept-Encoding, Origin", context.Response.Headers.Vary.ToString());
    }

    [Fact]
    public void TusAnswer_WithoutOrigin_StillCarriesCors_LikeEveryRsResponse()
    {
        var context = new DefaultHttpContext();

        CorsHeaders.ApplyToUploadAnswer(context);
        CorsHeaders.ApplyToUploadAnswer(context);

        Assert.Equal("*", context.Response.Headers[CorsHeaders.AllowOrigin].ToString());
        Assert.Equal("Origin", context.Response.Headers.Vary.ToString());
        Assert.Single(context.Response.Headers[CorsHeaders.ExposeHeaders]);
    }

    [Fact]
    public void PreflightLists_CoverTheTusMethodsAndHeaders()
    {
        foreach (var method in new[] { "POST", "PATCH", "HEAD", "DELETE" })
        {
            Assert.Contains(method, CorsHeaders.UploadMethods);
        }
        foreach (var header in new[] { "Tus-Resumable", "Upload-Length", "Upload-Offset", "Upload-Metadata", "Upload-Defer-Length",
                     "Upload-Concat", "Upload-Checksum", "Content-Type", "Authorization", "If-Match", "If-None-Match",
                     "X-HTTP-Method-Override", "X-Requested-With" })
        {
            Assert.Contains(header, CorsHeaders.UploadRequestHeaders);
        }
    }
}
