using Microsoft.Extensions.DependencyInjection;
using RsResumeProxy.Discovery;
using Yarp.ReverseProxy.Transforms.Builder;

namespace RsResumeProxy.PassThrough;

/// <summary>The transforms every route gets: the raw request target, and discovery additions on
/// the way back (tus headers and CORS on OPTIONS, the resumable-upload property in WebFinger).</summary>
internal sealed class PassThroughTransforms : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context) { }

    public void ValidateCluster(TransformClusterValidationContext context) { }

    public void Apply(TransformBuilderContext context)
    {
        context.RequestTransforms.Add(new RawTargetTransform());
        context.ResponseTransforms.Add(context.Services.GetRequiredService<OptionsDiscoveryTransform>());
        context.ResponseTransforms.Add(context.Services.GetRequiredService<WebFingerTransform>());
    }
}
