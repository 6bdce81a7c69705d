using Microsoft.AspNetCore.Http;
using RsResumeProxy.Protocols.Rufh;

namespace RsResumeProxy.Tests.Protocols.Rufh;

public sealed class RufhRequestClassifierTests
{
    [Theory]
    [InlineData("PUT", 8, true, RufhOperation.Create)]
    [InlineData("POST", 6, true, RufhOperation.Create)]
    [InlineData("PUT", 9, false, RufhOperation.None)]
    [InlineData("POST", 9, false, RufhOperation.None)]
    [InlineData("PATCH", 6, false, RufhOperation.Append)]
    [InlineData("HEAD", 8, false, RufhOperation.RetrieveOffset)]
    [InlineData("GET", 9, false, RufhOperation.RetrieveOffset)]
    [InlineData("GET", 8, false, RufhOperation.None)]
    [InlineData("GET", 6, false, RufhOperation.None)]
    [InlineData("DELETE", 9, false, RufhOperation.Cancel)]
    [InlineData("OPTIONS", 9, false, RufhOperation.None)]
    [InlineData("PUT", null, true, RufhOperation.None)]
    [InlineData("PATCH", null, false, RufhOperation.None)]
    public void Classify(string method, int? version, bool hasUploadComplete, RufhOperation expected) =>
        Assert.Equal(expected, RufhRequestClassifier.Classify(method, version, hasUploadComplete));

    [Theory]
    [InlineData("6", 6)]
    [InlineData("8", 8)]
    [InlineData("9;p=1", 9)]
    [InlineData("7", null)]
    [InlineData("10", null)]
    [InlineData("3", null)]
    [InlineData("8, 9", null)]
    [InlineData("?1", null)]
    [InlineData("", null)]
    public void InteropVersion_IsOneOfSixEightNine_OrNone(string field, int? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[RufhHeaders.InteropVersion] = field;
        Assert.Equal(expected, RufhInteropVersions.Of(context.Request));
    }
}
