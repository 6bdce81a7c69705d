using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace RsResumeProxy.InterimResponses;

/// <summary>
/// Sends an informational (1xx) response before the final one, on HTTP/1.1 connections that
/// <see cref="InterimResponseConnections.UseInterimResponses"/> prepared. Not sent (false) on
/// HTTP/1.0, whose clients do not expect 1xx (RFC 9110 §15.2); on HTTP/2 and HTTP/3, whose frames
/// only Kestrel may write; once the response has started; or on a TLS connection whose TLS layer
/// sits above the middleware. The order towards 100 Continue holds by construction: Kestrel sends
/// its 100 on the first read of the body, so a 1xx sent before the body is read precedes it, and
/// the client still gets its 100.
/// </summary>
public static class InterimResponse
{
    public static async ValueTask<bool> TrySendAsync(HttpContext context, int status, string reason, IEnumerable<KeyValuePair<string, string>> headers)
    {
        if (status is < 101 or > 199
            || !HttpProtocol.IsHttp11(context.Request.Protocol)
            || context.Response.HasStarted
            || context.Features.Get<IConnectionItemsFeature>()?.Items is not { } items
            || !items.TryGetValue(InterimResponseConnections.ItemKey, out var found)
            || found is not InterimResponseOutput output
            || (context.Request.IsHttps && !items.ContainsKey(InterimResponseConnections.AboveTlsKey)))
        {
            return false;
        }
        var head = new StringBuilder("HTTP/1.1 ").Append(status).Append(' ').Append(reason).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            if (!IsFieldName(name) || !IsFieldValue(value))
            {
                throw new ArgumentException($"'{name}' is not a field that can be written as is.", nameof(headers));
            }
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        head.Append("\r\n");
        return await output.TryWriteAsync(Encoding.ASCII.GetBytes(head.ToString()), context.RequestAborted);
    }

    private static bool IsFieldName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    private static bool IsFieldValue(string value) => value.All(c => c is >= ' ' and <= '~' or '\t');
}
