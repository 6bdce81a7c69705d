using Microsoft.AspNetCore.Http.Features;
using RsResumeProxy.Backend;
using Yarp.ReverseProxy.Transforms;

namespace RsResumeProxy.PassThrough;

/// <summary>
/// Forwards the request target exactly as the client sent it. YARP builds the backend URI from the
/// decoded path, which turns %7E into ~ (armadietto answers 400) and can change which file a path
/// names; setting RequestUri here takes precedence over YARP's own URI.
/// </summary>
internal sealed class RawTargetTransform : RequestTransform
{
    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        var raw = context.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw) && raw[0] == '/')
        {
            context.ProxyRequest.RequestUri = BackendUri.Combine(context.DestinationPrefix, raw);
        }
        return ValueTask.CompletedTask;
    }
}
