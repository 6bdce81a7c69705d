using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace RsResumeProxy.InterimResponses;

/// <summary>
/// Kestrel has no public API for informational responses other than 100 Continue
/// (dotnet/aspnetcore#27851). This connection middleware, built only on Kestrel's public
/// connection API, puts an <see cref="InterimResponseOutput"/> between Kestrel and the connection's
/// transport and leaves it in <see cref="ConnectionContext.Items"/>, where a request reaches it
/// through <see cref="IConnectionItemsFeature"/>. It relies on no private type and no reflection.
/// </summary>
public static class InterimResponseConnections
{
    internal static readonly object ItemKey = typeof(InterimResponseOutput);

    /// <summary>Set when the middleware runs above a TLS layer, so what it writes is encrypted like the rest.</summary>
    internal static readonly object AboveTlsKey = new();

    public static ListenOptions UseInterimResponses(this ListenOptions listenOptions)
    {
        listenOptions.Use(next => async connection =>
        {
            var transport = connection.Transport;
            var output = new InterimResponseOutput(transport.Output);
            connection.Transport = new OutputReplacedPipe(transport.Input, output);
            connection.Items[ItemKey] = output;
            if (connection.Features.Get<ITlsHandshakeFeature>() is not null)
            {
                connection.Items[AboveTlsKey] = true;
            }
            try
            {
                await next(connection);
            }
            finally
            {
                connection.Items.Remove(ItemKey);
                connection.Transport = transport;
            }
        });
        return listenOptions;
    }
}
