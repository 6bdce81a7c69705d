using RsResumeProxy.Protocols;

namespace Microsoft.AspNetCore.Builder;

/// <summary>UseResumableUploads: the upload step in YARP's proxy pipeline.</summary>
internal static class ResumableUploadPipelineExtensions
{
    /// <summary>Place after UseSessionAffinity, UseLoadBalancing and UsePassiveHealthChecks, so the
    /// step commits to the destination YARP chose and commit failures count in passive health.</summary>
    public static IReverseProxyApplicationBuilder UseResumableUploads(this IReverseProxyApplicationBuilder pipeline)
    {
        pipeline.UseMiddleware<ResumableUploadMiddleware>();
        return pipeline;
    }
}
