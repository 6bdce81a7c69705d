using System.Net.Http.Headers;
using RsResumeProxy.Discovery;

namespace RsResumeProxy.Tests.Discovery;

public class WebFingerContentTypeTests
{
    [Theory]
    [InlineData("application/jrd+json", true)]
    [InlineData("application/jrd+json; charset=utf-8", true)]
    [InlineData("application/json; charset=UTF-8", true)]
    [InlineData("application/json; charset=\"utf-8\"", true)]
    [InlineData("application/json; charset=iso-8859-1", false)]
    [InlineData("application/xrd+xml", false)]
    [InlineData("text/html; charset=utf-8", false)]
    public void OnlyUtf8Json_IsRewritten(string contentType, bool rewritten)
    {
        Assert.Equal(rewritten, WebFingerTransform.IsUtf8Json(MediaTypeHeaderValue.Parse(contentType)));
    }

    [Fact]
    public void NoContentType_IsNotRewritten()
    {
        Assert.False(WebFingerTransform.IsUtf8Json(null));
    }
}
