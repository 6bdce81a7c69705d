using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace RsResumeProxy.Transport;

internal static class TransportServiceCollectionExtensions
{
    /// <summary>Kestrel receives into 64 KiB blocks (see <see cref="ReceiveBlockPool"/>). Kestrel
    /// registers its own factory when the host is created; this one, added later, is the one resolved.</summary>
    public static IServiceCollection AddReceiveBlockPool(this IServiceCollection services) =>
        services.AddSingleton<IMemoryPoolFactory<byte>, ReceiveBlockPoolFactory>();
}
