using RsResumeProxy.Protocols.Tus;

namespace RsResumeProxy.Tests.Tus;

public sealed class TusRequestClassifierTests
{
    [Theory]
    [InlineData("PUT", TusOperation.CreateByPut)]
    [InlineData("POST", TusOperation.CreateByPost)]
    [InlineData("HEAD", TusOperation.Head)]
    [InlineData("PATCH", TusOperation.Patch)]
    [InlineData("DELETE", TusOperation.Delete)]
    [InlineData("GET", TusOperation.PassThrough)]
    [InlineData("OPTIONS", TusOperation.PassThrough)]
    public void TusRequestsOnStoragePaths_AreTakenOver(string method, object expected)
    {
        Assert.Equal(expected, (object)TusRequestClassifier.Classify(method, null, hasTusResumable: true, isStoragePath: true));
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("POST")]
    [InlineData("HEAD")]
    public void RequestsWithoutTusResumable_PassThrough(string method)
    {
        Assert.Equal(TusOperation.PassThrough, TusRequestClassifier.Classify(method, null, hasTusResumable: false, isStoragePath: true));
    }

    [Fact]
    public void TusRequestsOutsideStorage_PassThrough()
    {
        Assert.Equal(TusOperation.PassThrough, TusRequestClassifier.Classify("PATCH", null, hasTusResumable: true, isStoragePath: false));
    }

    [Theory]
    [InlineData("PATCH", TusOperation.Patch)]
    [InlineData("delete", TusOperation.Delete)]
    [InlineData("HEAD", TusOperation.Head)]
    public void MethodOverride_OnPost_IsHonoured(string overridden, object expected)
    {
        Assert.Equal(expected, (object)TusRequestClassifier.Classify("POST", overridden, hasTusResumable: true, isStoragePath: true));
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("POST")]
    [InlineData("GET")]
    [InlineData("TRACE")]
    [InlineData("FOO")]
    public void MethodOverride_OnPost_ToAnythingButPatchHeadDelete_IsRefused(string overridden)
    {
        Assert.Equal(TusOperation.RefusedOverride, TusRequestClassifier.Classify("POST", overridden, hasTusResumable: true, isStoragePath: true));
    }

    [Fact]
    public void MethodOverride_OnPlainPost_PassesThrough()
    {
        Assert.Equal(TusOperation.PassThrough, TusRequestClassifier.Classify("POST", "PUT", hasTusResumable: false, isStoragePath: true));
    }

    [Fact]
    public void MethodOverride_OnGet_IsIgnored()
    {
        Assert.Equal(TusOperation.PassThrough, TusRequestClassifier.Classify("GET", "PATCH", hasTusResumable: true, isStoragePath: true));
    }
}
