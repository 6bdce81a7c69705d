using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Backend;
using RsResumeProxy.Configuration;
using RsResumeProxy.Operations;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.Identity;
using RsResumeProxy.Staging.Locks;
using RsResumeProxy.Staging.Redis;
using RsResumeProxy.Staging.State;
using StackExchange.Redis;
using Yarp.ReverseProxy.Forwarder;

namespace RsResumeProxy.Hosting;

/// <summary>AddResumableUploads: settings, staging, upload state and locks, and the per-folder registrations.</summary>
internal static class ResumableUploadExtensions
{
    public static IServiceCollection AddResumableUploads(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProxyOptions(configuration);

        // TryAdd: a host (or a test) may bring its own clock.
        services.TryAddSingleton(TimeProvider.System);
        services.AddStagingStore(configuration);
        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        if (redis.IsEnabled)
        {
            AddRedisCoordination(services);
        }
        else
        {
            services.AddSingleton<IUploadStateStore>(sp => new DiskUploadStateStore(
                sp.GetRequiredService<IOptions<ResumableUploadOptions>>().Value.StateDirectory,
                sp.GetRequiredService<ILogger<DiskUploadStateStore>>()));
            services.AddSingleton<IUploadLockProvider>(sp =>
                new LocalUploadLockProvider(sp.GetRequiredService<IOptions<ResumableUploadOptions>>().Value.LockWaitTimeout));
        }
        services.AddSingleton(sp => new CredentialHasher(LoadCredentialKey(sp.GetRequiredService<IOptions<ResumableUploadOptions>>().Value)));
        services.AddOperations(configuration);

        services.AddSingleton<WriteAccessProbe>();
        services.AddUploadEngine();
        services.AddUploadProtocols();
        services.AddDiscovery();
        services.AddHostedService<ExpirySweeper>();
        return services;
    }

    /// <summary>
    /// State in Redis (through IDistributedCache) and locks in Redis, for several instances. The
    /// connection never aborts on a failed connect: the proxy starts, passes traffic through, and
    /// answers tus requests with 503 until Redis is reachable; StackExchange.Redis reconnects by itself.
    /// </summary>
    private static void AddRedisCoordination(IServiceCollection services)
    {
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
            var connection = ConfigurationOptions.Parse(settings.Configuration!);
            connection.AbortOnConnectFail = false;
            var multiplexer = ConnectionMultiplexer.Connect(connection);
            var logger = sp.GetRequiredService<ILogger<RedisUploadLockProvider>>();
            multiplexer.ConnectionFailed += (_, e) => Log.RedisConnectionFailed(logger, e.EndPoint?.ToString() ?? "?", e.FailureType.ToString());
            multiplexer.ConnectionRestored += (_, e) => Log.RedisConnectionRestored(logger, e.EndPoint?.ToString() ?? "?");
            return multiplexer;
        });
        services.AddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<RedisOptions>>().Value.InstanceName));
        services.AddSingleton(sp => new RedisCache(Options.Create(new RedisCacheOptions
        {
            InstanceName = sp.GetRequiredService<RedisKeys>().Prefix,
            // One multiplexer for the cache, the index, the locks and pub/sub.
            ConnectionMultiplexerFactory = () => Task.FromResult(sp.GetRequiredService<IConnectionMultiplexer>()),
        })));
        services.AddSingleton<IUploadStateStore>(sp => new RedisUploadStateStore(
            sp.GetRequiredService<RedisCache>(),
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<RedisKeys>(),
            sp.GetRequiredService<IOptions<ResumableUploadOptions>>().Value.ExpireAfter,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RedisUploadStateStore>>()));
        services.AddSingleton(sp =>
        {
            var redis = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
            var locks = new RedisUploadLockProvider(
                sp.GetRequiredService<IConnectionMultiplexer>(),
                sp.GetRequiredService<RedisKeys>(),
                new RedisLockSettings(redis.LockExpiry, redis.LockRenewInterval, sp.GetRequiredService<IOptions<ResumableUploadOptions>>().Value.LockWaitTimeout),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<RedisUploadLockProvider>>());
            return locks;
        });
        services.AddSingleton<IUploadLockProvider>(sp => sp.GetRequiredService<RedisUploadLockProvider>());
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
