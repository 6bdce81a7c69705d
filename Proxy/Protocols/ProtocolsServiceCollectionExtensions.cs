using RsResumeProxy.Protocols;
using RsResumeProxy.Protocols.Rufh;
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
        // The draft first: a request with a supported Upload-Draft-Interop-Version is the draft's even
        // if it also carries Tus-Resumable; one without goes on to tus (checklist §3.1, as tusd does).
        services.AddSingleton<IUploadProtocol, RufhProtocol>();
        services.AddSingleton<IUploadProtocol, TusProtocol>();
        return services;
    }
}
