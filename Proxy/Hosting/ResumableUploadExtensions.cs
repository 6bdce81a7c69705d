using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Backend;
using RsResumeProxy.Configuration;
using RsResumeProxy.Discovery;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.Identity;
using RsResumeProxy.Staging.Locks;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads;
using Yarp.ReverseProxy.Forwarder;

namespace RsResumeProxy.Hosting;

/// <summary>AddResumableUploads / UseResumableUploads, in the manner of ASP.NET Core middleware.</summary>
public static class ResumableUploadExtensions
{
    public static IServiceCollection AddResumableUploads(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ResumableUploadOptions>()
            .Bind(configuration.GetSection(ResumableUploadOptions.Section))
            .ValidateOnStart();
        services.AddOptions<BackendOptions>().Bind(configuration.GetSection(BackendOptions.Section));
        services.AddSingleton<IValidateOptions<ResumableUploadOptions>, ResumableUploadOptionsValidator>();

        // TryAdd: a host (or a test) may bring its own clock.
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new StagingArea(sp.GetRequiredService<IOptions<ResumableUploadOptions>>().Value.StagingDirectory));
        services.AddSingleton<IUploadStateStore>(sp =>
        {
            var store = new DiskUploadStateStore(sp.GetRequiredService<IOptions<ResumableUploadOptions>>().Value.StateDirectory);
            var logger = sp.GetRequiredService<ILogger<DiskUploadStateStore>>();
            store.RecordRejected += (file, reason) => Log.StateRejected(logger, file, reason);
            return store;
        });
        services.AddSingleton<IUploadLockProvider>(sp =>
            new LocalUploadLockProvider(sp.GetRequiredService<IOptions<ResumableUploadOptions>>().Value.LockWaitTimeout));
        services.AddSingleton(sp => new CredentialHasher(LoadCredentialKey(sp.GetRequiredService<IOptions<ResumableUploadOptions>>().Value)));

        services.AddSingleton<IForwarderHttpClientFactory, BackendHttpClientFactory>();
        services.AddSingleton<BackendCommitter>();
        services.AddSingleton<UploadContextFactory>();
        services.AddSingleton<UploadAccess>();
        services.AddSingleton<CredentialQuota>();
        services.AddSingleton<TusRequestGate>();
        services.AddSingleton<BodyIntake>();
        services.AddSingleton<UploadCompletion>();
        services.AddSingleton<CreationHandler>();
        services.AddSingleton<ConcatenationHandler>();
        services.AddSingleton<OffsetHandler>();
        services.AddSingleton<AppendHandler>();
        services.AddSingleton<TerminationHandler>();
        services.AddSingleton<ResumableUploadMiddleware>();
        services.AddSingleton<TusDiscovery>();
        services.AddSingleton<OptionsDiscoveryTransform>();
        services.AddSingleton<WebFingerTransform>();
        services.AddHostedService<ExpirySweeper>();
        return services;
    }

    /// <summary>Adds the resumable-upload step to YARP's proxy pipeline, before load balancing.</summary>
    public static IReverseProxyApplicationBuilder UseResumableUploads(this IReverseProxyApplicationBuilder pipeline)
    {
        var middleware = pipeline.ApplicationServices.GetRequiredService<ResumableUploadMiddleware>();
        pipeline.Use((context, next) => middleware.InvokeAsync(context, next));
        return pipeline;
    }

    private static byte[] LoadCredentialKey(ResumableUploadOptions options)
    {
        if (!string.IsNullOrEmpty(options.CredentialKey))
        {
            return Convert.FromBase64String(options.CredentialKey);
        }
        var file = options.CredentialKeyFile ?? Path.Combine(options.StateDirectory, "credential.key");
        return CredentialHasher.LoadOrCreateKey(file);
    }
}
