using RsResumeProxy.Configuration;
using RsResumeProxy.Backend;
using Microsoft.Extensions.Options;

namespace RsResumeProxy.Tests.Configuration;

public sealed class BackendWriteAccessOptionsTests
{
    [Fact]
    public void Defaults_AreValid() => Assert.True(new BackendOptionsValidator().Validate(null, new BackendOptions()).Succeeded);

    [Theory]
    [InlineData(nameof(BackendOptions.WriteAccessCacheDuration), "-00:00:01")]
    [InlineData(nameof(BackendOptions.WriteAccessCacheDuration), "02:00:00")]
    [InlineData(nameof(BackendOptions.WriteAccessProbeTimeout), "00:00:00")]
    [InlineData(nameof(BackendOptions.ConnectTimeout), "00:00:00")]
    public void SettingsThatCannotWork_AreRefusedAtStartWithTheirName(string setting, string value)
    {
        var options = new BackendOptions();
        typeof(BackendOptions).GetProperty(setting)!.SetValue(options, TimeSpan.Parse(value));
        var result = new BackendOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("Backend:" + setting, result.FailureMessage);
    }
}
