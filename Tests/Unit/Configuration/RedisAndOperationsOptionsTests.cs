using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;

namespace RsResumeProxy.Tests.Configuration;

public sealed class RedisAndOperationsOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(new RedisOptionsValidator().Validate(null, new RedisOptions()).Succeeded);
        Assert.True(new OperationsOptionsValidator().Validate(null, new OperationsOptions()).Succeeded);
    }

    [Theory]
    [InlineData("Redis:InstanceName", "InstanceName", "")]
    [InlineData("Redis:LockExpiry", "LockExpiry", "00:00:00")]
    [InlineData("Redis:LockRenewInterval", "LockRenewInterval", "00:00:15")]
    [InlineData("Redis:Configuration", "Configuration", "host:6379,nosuchoption=1")]
    public void RedisSettingsThatCannotWork_AreRefusedWithTheirName(string expected, string setting, string value)
    {
        var options = new RedisOptions();
        var property = typeof(RedisOptions).GetProperty(setting)!;
        property.SetValue(options, property.PropertyType == typeof(TimeSpan) ? TimeSpan.Parse(value) : value);
        var result = new RedisOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }

    [Theory]
    [InlineData("Operations:MetricsPath", "metrics", "/readyz")]
    [InlineData("Operations:ReadyPath", "/metrics", "/healthz")]
    public void OperationsPaths_MustStartWithASlashAndDiffer(string expected, string metricsPath, string readyPath)
    {
        var options = new OperationsOptions { MetricsPath = metricsPath, ReadyPath = readyPath };
        var result = new OperationsOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }

    [Fact]
    public void AnOperationsPathUnderTheStoragePrefix_IsRefusedByTheGuard()
    {
        var guard = new StoragePrefixGuard(Options.Create(new ResumableUploadOptions()));
        var result = guard.Validate(null, new OperationsOptions { MetricsPath = "/storage/metrics" });
        Assert.True(result.Failed);
        Assert.Contains("Operations:MetricsPath", result.FailureMessage);
        Assert.Contains("shadow", result.FailureMessage);
    }
}
