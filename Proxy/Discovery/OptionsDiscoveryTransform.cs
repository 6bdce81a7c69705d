using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace RsResumeProxy.Discovery;

/// <summary>
/// OPTIONS on storage paths passes through to the backend (so the backend's CORS answer stands)
/// and comes back with the tus discovery headers and the IETF draft's Upload-Limit and
/// Accept-Patch, and, for a preflight, with the upload methods and headers merged into the
/// backend's Allow lists. One Access-Control-Allow-Origin, the backend's.
/// </summary>
internal sealed class OptionsDiscoveryTransform(TusDiscovery discovery, RufhDiscovery draft, IOptions<ResumableUploadOptions> options) : ResponseTransform
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
        foreach (var (name, value) in discovery.Headers().Concat(draft.Headers(request)))
        {
            headers[name] = value;
        }
        headers["Accept-Patch"] = CorsHeaders.Merge(headers["Accept-Patch"], RufhDiscovery.AcceptPatch);
        if (request.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            headers[CorsHeaders.AllowMethods] = CorsHeaders.Merge(headers[CorsHeaders.AllowMethods], CorsHeaders.UploadMethods);
            headers[CorsHeaders.AllowHeaders] = CorsHeaders.Merge(headers[CorsHeaders.AllowHeaders], CorsHeaders.UploadRequestHeaders);
        }
        if (headers.ContainsKey(CorsHeaders.AllowOrigin))
        {
            headers[CorsHeaders.ExposeHeaders] = CorsHeaders.Merge(headers[CorsHeaders.ExposeHeaders], CorsHeaders.UploadResponseHeaders);
        }
        return ValueTask.CompletedTask;
    }
}
