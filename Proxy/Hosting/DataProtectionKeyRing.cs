using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RsResumeProxy.Hosting;

/// <summary>
/// YARP registers ASP.NET Core data protection for one purpose: the cookie or header of a cluster
/// with session affinity. Data protection also registers a hosted service that loads (and on a first
/// start creates and writes) its key ring at start-up and then refreshes it in the background. With
/// no session affinity configured, and none is by default, the keys are never used, yet loading them
/// brought in the XML stack (System.Private.Xml and System.Xml.Linq, about 3.5 MB of mapped code) and
/// wrote a key file to the home directory. Without the hosted service the key ring is loaded on the
/// first protect or unprotect, that is, by the first request to a cluster with session affinity.
/// </summary>
internal static class DataProtectionKeyRing
{
    private const string HostedService = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    public static IServiceCollection LoadDataProtectionKeysOnFirstUse(this IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType?.FullName == HostedService)
            {
                services.RemoveAt(i);
            }
        }
        return services;
    }
}
