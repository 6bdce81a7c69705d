using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Hosting;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.ObjectStorage;

namespace RsResumeProxy.Tests.Configuration;

public sealed class S3StagingOptionsTests
{
    private static S3StagingOptions Valid() => new() { Bucket = "rsrp-staging", ServiceUrl = "http://127.0.0.1:9000", ForcePathStyle = true };

    private const long DefaultMaxUploadSize = 8L * 1024 * 1024 * 1024;

    /// <summary>Both checks start-up runs: the attributes and rules of the section, then the rule
    /// that needs ResumableUploads:MaxUploadSize.</summary>
    private static ValidateOptionsResult Validate(S3StagingOptions options, long maxUploadSize = DefaultMaxUploadSize)
    {
        var own = new S3StagingOptionsAttributeValidator().Validate(null, options);
        if (own.Failed)
        {
            return own;
        }
        return new S3StagingOptionsValidator(Options.Create(new ResumableUploadOptions { MaxUploadSize = maxUploadSize })).Validate(null, options);
    }

    [Fact]
    public void ValidSettings_PassWithTheDefaults()
    {
        Assert.True(Validate(Valid()).Succeeded);
        Assert.True(Validate(new S3StagingOptions { Bucket = "rsrp-staging", Region = "eu-central-1" }).Succeeded);
    }

    [Theory]
    [InlineData("Bucket", null)]
    [InlineData("Bucket", "Upper_Case")]
    [InlineData("ServiceUrl", "ftp://host")]
    [InlineData("ServiceUrl", "not a url")]
    [InlineData("Region", "")]
    [InlineData("KeyPrefix", "/leading")]
    [InlineData("PartSize", "1048576")]
    [InlineData("RequestTimeout", "00:00:00")]
    public void SettingsThatCannotWork_AreRefusedAtStartWithTheirName(string setting, string? value)
    {
        var options = Valid();
        switch (setting)
        {
            case "Bucket": options.Bucket = value; break;
            case "ServiceUrl": options.ServiceUrl = value; break;
            case "Region": options.Region = value!; break;
            case "KeyPrefix": options.KeyPrefix = value!; break;
            case "PartSize": options.PartSize = int.Parse(value!); break;
            case "RequestTimeout": options.RequestTimeout = TimeSpan.Parse(value!); break;
        }
        var result = Validate(options);
        Assert.True(result.Failed);
        Assert.Contains("S3Staging:" + setting, result.FailureMessage);
    }

    [Fact]
    public void AnAwsRegionThatDoesNotExist_IsRefusedWithoutAnEndpoint()
    {
        Assert.Contains("S3Staging:Region", Validate(new S3StagingOptions { Bucket = "rsrp-staging", Region = "mars-north-1" }).FailureMessage);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(100L * 1024 * 1024 * 1024)]
    public void AnUploadSizeBeyondTenThousandParts_IsRefused(long maxUploadSize)
    {
        Assert.Contains("ResumableUploads:MaxUploadSize", Validate(Valid(), maxUploadSize).FailureMessage);
    }

    [Theory]
    [InlineData(null, typeof(StagingArea))]
    [InlineData("Disk", typeof(StagingArea))]
    [InlineData("S3", typeof(S3StagingStore))]
    [InlineData("s3", typeof(S3StagingStore))]
    public void TheSelector_RegistersTheStoreItNames(string? selector, Type expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ResumableUploads:StagingDirectory"] = Directory.CreateTempSubdirectory("rsrp-staging-").FullName,
            ["ResumableUploads:StagingStore"] = selector,
            ["S3Staging:Bucket"] = "rsrp-staging",
            ["S3Staging:ServiceUrl"] = "http://127.0.0.1:9",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton(TimeProvider.System);
        services.AddOptions<ResumableUploadOptions>().Bind(configuration.GetSection(ResumableUploadOptions.Section));
        services.AddStagingStore(configuration);
        using var provider = services.BuildServiceProvider();
        Assert.IsType(expected, provider.GetRequiredService<IStagingStore>());
    }

    [Fact]
    public void VolumeId_IsTheSameForEveryInstanceWithTheSameEndpointBucketAndPrefix()
    {
        Assert.Equal(Valid().ToSettings().VolumeId, Valid().ToSettings().VolumeId);
        Assert.Equal("s3:127.0.0.1:9000/rsrp-staging/rsrp-staging/", Valid().ToSettings().VolumeId);
        Assert.Equal("s3:aws:eu-west-1/b-1/p/", new S3StagingOptions { Bucket = "b-1", Region = "eu-west-1", KeyPrefix = "p/" }.ToSettings().VolumeId);
    }
}
