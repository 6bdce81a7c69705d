using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RsResumeProxy.Configuration;

/// <summary>AddProxyOptions: binds each section and validates it at start-up by its attributes (AttributeValidators.cs).</summary>
internal static class OptionsServiceCollectionExtensions
{
    public static IServiceCollection AddProxyOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ResumableUploadOptions>().Bind(configuration.GetSection(ResumableUploadOptions.Section))
            .ValidateAttributes<ResumableUploadOptions, ResumableUploadOptionsValidator>().ValidateOnStart();
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section))
            .ValidateAttributes<RedisOptions, RedisOptionsValidator>().ValidateOnStart();
        services.AddOptions<OperationsOptions>().Bind(configuration.GetSection(OperationsOptions.Section))
            .ValidateAttributes<OperationsOptions, OperationsOptionsValidator>().ValidateOnStart();
        // The example's section is bound by AddBrowserExample; its overlap with the storage
        // prefix is checked here with the other cross-section rule.
        services.AddSingleton<StoragePrefixGuard>();
        services.AddSingleton<IValidateOptions<OperationsOptions>>(sp => sp.GetRequiredService<StoragePrefixGuard>());
        services.AddSingleton<IValidateOptions<ExamplesOptions>>(sp => sp.GetRequiredService<StoragePrefixGuard>());
        return services;
    }
}
