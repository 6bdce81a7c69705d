using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace RsResumeProxy.Backend;

/// <summary>YARP's client factory with the backend connection settings applied; used both for
/// pass-through traffic and for the commit PUT, so both share one connection pool per cluster.</summary>
public sealed class BackendHttpClientFactory(IOptions<BackendOptions> options) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.PooledConnectionIdleTimeout = options.Value.PooledConnectionIdleTimeout;
        handler.ConnectTimeout = options.Value.ConnectTimeout;
        PassThrough.HeaderFidelity.Apply(handler);
    }
}
