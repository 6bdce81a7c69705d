using RsResumeProxy.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RsResumeProxy.Backend;

/// <summary>AddBackend: the connection settings of YARP's backend client and the commit PUT.</summary>
internal static class BackendServiceCollectionExtensions
{
    /// <summary>
    /// Configures the client YARP builds per cluster. Pass-through traffic and the commit PUT use that
    /// one client (<see cref="BackendTarget"/>), so both share one connection pool per cluster.
    /// </summary>
    public static IReverseProxyBuilder AddBackend(this IReverseProxyBuilder proxy, IConfiguration configuration)
    {
        var section = configuration.GetSection(BackendOptions.Section);
        proxy.Services.AddOptions<BackendOptions>().Bind(section).ValidateAttributes<BackendOptions, BackendOptionsValidator>().ValidateOnStart();
        // YARP's callback gets no service provider, and YARP builds the cluster's client while the
        // application is built, before ValidateOnStart runs: the settings are read and checked here,
        // so a bad value is refused with its name rather than as a failed proxy configuration.
        var backend = section.Get<BackendOptions>() ?? new BackendOptions();
        var validation = new BackendOptionsValidator().Validate(null, backend);
        if (validation.Failed)
        {
            throw new OptionsValidationException(BackendOptions.Section, typeof(BackendOptions), validation.Failures);
        }
        proxy.ConfigureHttpClient((_, handler) => backend.ApplyTo(handler));
        proxy.Services.AddSingleton<BackendCommitter>();
        return proxy;
    }
}
