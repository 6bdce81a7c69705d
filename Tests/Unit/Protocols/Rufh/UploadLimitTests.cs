using RsResumeProxy.Protocols.Rufh;

namespace RsResumeProxy.Tests.Protocols.Rufh;

public sealed class UploadLimitTests
{
    [Fact]
    public void Interop8And9_NameTheLifetimeMaxAge()
    {
        var limit = new UploadLimit(MaxSize: 1000, MinSize: 0, MaxAppendSize: null, MinAppendSize: null, MaxAge: 3600);
        Assert.Equal("max-size=1000, min-size=0, max-age=3600", limit.ToFieldValue(8));
        Assert.Equal("max-size=1000, min-size=0, max-age=3600", limit.ToFieldValue(9));
    }

    [Fact]
    public void Interop6_NamesTheLifetimeExpires() =>
        Assert.Equal("min-size=0, expires=60", new UploadLimit(null, 0, null, null, 60).ToFieldValue(6));

    [Fact]
    public void WithoutLimits_MinSizeZeroIsStillAnnounced() =>
        Assert.Equal("min-size=0", new UploadLimit(null, 0, null, null, null).ToFieldValue(9));

    [Fact]
    public void AnExpiredLifetime_IsAnnouncedAsZero() =>
        Assert.Equal("min-size=0, max-age=0", new UploadLimit(null, 0, null, null, -5).ToFieldValue(9));

    [Theory]
    [InlineData("max-size=1000, min-size=0, max-age=3600", 1000L, 3600L)]
    [InlineData("max-size=1000;p=1, unknown=\"x\", other=(1 2)", 1000L, null)]
    [InlineData("expires=60", null, 60L)]
    public void TryParse_ReadsKnownKeysAndIgnoresUnknownOnes(string field, long? maxSize, long? maxAge)
    {
        var limit = UploadLimit.TryParse(field);
        Assert.NotNull(limit);
        Assert.Equal(maxSize, limit.MaxSize);
        Assert.Equal(maxAge, limit.MaxAge);
    }

    [Theory]
    [InlineData("max-size=\"1000\"")]
    [InlineData("max-size=1.5")]
    [InlineData("max-size")]
    [InlineData("min-size=-1")]
    [InlineData("max-size=1,")]
    public void TryParse_AKnownKeyWithoutAnInteger_InvalidatesTheField(string field) =>
        Assert.Null(UploadLimit.TryParse(field));
}
