using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;

namespace RsResumeProxy.Tests.Configuration;

public sealed class ResumableUploadOptionsTests
{
    private static ValidateOptionsResult Validate(ResumableUploadOptions options) =>
        new ResumableUploadOptionsValidator().Validate(null, options);

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(Validate(new ResumableUploadOptions()).Succeeded);
    }

    [Theory]
    [InlineData(nameof(ResumableUploadOptions.MaxUploadSize))]
    [InlineData(nameof(ResumableUploadOptions.MinBodyDataRateGrace))]
    [InlineData(nameof(ResumableUploadOptions.BodyIdleTimeout))]
    [InlineData(nameof(ResumableUploadOptions.StoragePathPrefix))]
    [InlineData(nameof(ResumableUploadOptions.CredentialKey))]
    [InlineData(nameof(ResumableUploadOptions.CommitAheadIdleTimeout))]
    public void SettingsThatCannotWork_AreRefusedAtStartWithTheirName(string setting)
    {
        var options = new ResumableUploadOptions();
        switch (setting)
        {
            case nameof(ResumableUploadOptions.MaxUploadSize): options.MaxUploadSize = -1; break;
            case nameof(ResumableUploadOptions.MinBodyDataRateGrace): options.MinBodyDataRateGrace = TimeSpan.FromSeconds(1); break;
            case nameof(ResumableUploadOptions.BodyIdleTimeout): options.BodyIdleTimeout = TimeSpan.Zero; break;
            case nameof(ResumableUploadOptions.StoragePathPrefix): options.StoragePathPrefix = "storage"; break;
            case nameof(ResumableUploadOptions.CredentialKey): options.CredentialKey = "c2hvcnQ="; break;
            case nameof(ResumableUploadOptions.CommitAheadIdleTimeout): options.CommitAheadIdleTimeout = TimeSpan.FromHours(2); break;
        }
        var result = Validate(options);
        Assert.True(result.Failed);
        Assert.Contains("ResumableUploads:" + setting, result.FailureMessage);
    }
}
