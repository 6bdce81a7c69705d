using RsResumeProxy.Protocols;
using RsResumeProxy.Protocols.Tus;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>AddUploadProtocols: the protocols spoken on the document URLs, in the order they are
/// asked whether a request is theirs.</summary>
internal static class ProtocolsServiceCollectionExtensions
{
    public static IServiceCollection AddUploadProtocols(this IServiceCollection services)
    {
        services.AddSingleton<UploadTargetResolver>();
        services.AddSingleton<RequestGate>();
        services.AddSingleton<IUploadProtocol, TusProtocol>();
        return services;
    }
}
