using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace RsResumeProxy.PassThrough;

/// <summary>
/// Header values cross the proxy as the bytes they arrived as. Kestrel decodes header bytes into
/// strings and SocketsHttpHandler encodes them back; with their defaults a value holding a
/// non-ASCII byte (a UTF-8 "ü" is C3 BC) was decoded by one and refused by the other, so the client
/// got 502 where armadietto answers 200. Latin-1 maps every byte to one char and back, on both
/// sides and in both directions, so any byte passes through unchanged. The proxy also adds no
/// Server header of its own: an answer carries the backend's, or none.
/// </summary>
internal static class HeaderFidelity
{
    public static void Apply(KestrelServerOptions kestrel)
    {
        kestrel.AddServerHeader = false;
        kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1;
        kestrel.ResponseHeaderEncodingSelector = _ => Encoding.Latin1;
    }

    public static void Apply(SocketsHttpHandler handler)
    {
        handler.RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1;
        handler.ResponseHeaderEncodingSelector = (_, _) => Encoding.Latin1;
    }
}
