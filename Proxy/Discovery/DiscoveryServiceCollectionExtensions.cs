using RsResumeProxy.Discovery;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>AddDiscovery: how clients learn the proxy takes resumable uploads (tus and RUFH
/// advertisements, OPTIONS answers, the WebFinger rewrite).</summary>
internal static class DiscoveryServiceCollectionExtensions
{
    public static IServiceCollection AddDiscovery(this IServiceCollection services)
    {
        services.AddSingleton<TusDiscovery>();
        services.AddSingleton<RufhDiscovery>();
        services.AddSingleton<OptionsDiscoveryTransform>();
        services.AddSingleton<WebFingerTransform>();
        return services;
    }
}
