using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace RsResumeProxy.Discovery;

/// <summary>
/// OPTIONS on storage paths passes through to the backend (so the backend's CORS answer stands)
/// and comes back with the tus discovery headers, and, for a preflight, with the tus methods and
/// headers merged into the backend's Allow lists. One Access-Control-Allow-Origin, the backend's.
/// </summary>
internal sealed class OptionsDiscoveryTransform(TusDiscovery discovery, IOptions<ResumableUploadOptions> options) : ResponseTransform
{
    public override ValueTask ApplyAsync(ResponseTransformContext context)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsOptions(request.Method)
            || !request.Path.StartsWithSegments(options.Value.StoragePathPrefix.TrimEnd('/'), StringComparison.Ordinal)
            || context.ProxyResponse is null || !context.ProxyResponse.IsSuccessStatusCode)
        {
            return ValueTask.CompletedTask;
        }
        var headers = context.HttpContext.Response.Headers;
        foreach (var (name, value) in discovery.Headers())
        {
            headers[name] = value;
        }
        if (request.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            headers[CorsHeaders.AllowMethods] = CorsHeaders.Merge(headers[CorsHeaders.AllowMethods], CorsHeaders.TusMethods);
            headers[CorsHeaders.AllowHeaders] = CorsHeaders.Merge(headers[CorsHeaders.AllowHeaders], CorsHeaders.TusRequestHeaders);
        }
        if (headers.ContainsKey(CorsHeaders.AllowOrigin))
        {
            headers[CorsHeaders.ExposeHeaders] = CorsHeaders.Merge(headers[CorsHeaders.ExposeHeaders], CorsHeaders.TusResponseHeaders);
        }
        return ValueTask.CompletedTask;
    }
}
