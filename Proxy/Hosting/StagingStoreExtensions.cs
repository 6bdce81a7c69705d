using System.Runtime.CompilerServices;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.ObjectStorage;

namespace RsResumeProxy.Hosting;

/// <summary>AddStagingStore: the staging store ResumableUploads:StagingStore names, as <see cref="IStagingStore"/>.</summary>
internal static class StagingStoreExtensions
{
    public static IServiceCollection AddStagingStore(this IServiceCollection services, IConfiguration configuration)
    {
        var kind = configuration.GetSection(ResumableUploadOptions.Section).GetValue(nameof(ResumableUploadOptions.StagingStore), StagingStoreKind.Disk);
        if (kind != StagingStoreKind.S3)
        {
            services.AddSingleton<IStagingStore>(sp => new StagingArea(sp.GetRequiredService<IOptions<ResumableUploadOptions>>().Value.StagingDirectory));
            return services;
        }
        return AddS3StagingStore(services, configuration);
    }

    /// <summary>
    /// Apart, and never inlined, because compiling a method loads the assemblies of the types it names:
    /// the AWS SDK (about 1.5 MB of mapped code, and its types) is loaded only when S3 is configured.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IServiceCollection AddS3StagingStore(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<S3StagingOptions>()
            .Bind(configuration.GetSection(S3StagingOptions.Section))
            .ValidateAttributes<S3StagingOptions, S3StagingOptionsAttributeValidator>()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<S3StagingOptions>, S3StagingOptionsValidator>();
        // Credentials from the standard AWS chain: environment, profile, container or instance role.
        services.AddSingleton<IAmazonS3>(sp => new AmazonS3Client(sp.GetRequiredService<IOptions<S3StagingOptions>>().Value.ToClientConfig()));
        services.AddSingleton<IStagingStore>(sp => new S3StagingStore(
            sp.GetRequiredService<IAmazonS3>(),
            sp.GetRequiredService<IOptions<S3StagingOptions>>().Value.ToSettings(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
