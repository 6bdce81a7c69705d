using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using RsResumeProxy.Backend;
using RsResumeProxy.Protocols.Tus;
using RsResumeProxy.Staging.Identity;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads;

namespace RsResumeProxy.Protocols;

/// <summary>Resolves the upload a request addresses: the raw document path plus a keyed hash of
/// its Authorization value (or, for a partial upload's URL, the id the URL names).</summary>
internal sealed class UploadTargetResolver(CredentialHasher hasher)
{
    /// <summary>The raw request path without the query, percent-encoding untouched.</summary>
    public static string RawPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            // Absolute-form or missing target: fall back to the re-encoded path.
            return context.Request.PathBase.Add(context.Request.Path).ToUriComponent();
        }
        var query = raw.IndexOf('?');
        return query < 0 ? raw : raw[..query];
    }

    public UploadTarget Resolve(HttpContext context, BackendTarget backend, string rawPath)
    {
        var authorization = context.Request.Headers.Authorization.Count == 0 ? null : context.Request.Headers.Authorization.ToString();
        var credential = hasher.Hash(authorization);
        var query = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : string.Empty;
        var isPart = PartialUploadUrl.TryGetFromQuery(query, out var partId);
        return new UploadTarget(rawPath, authorization, credential,
            isPart ? partId ?? string.Empty : UploadId.ForDocument(rawPath, credential), isPart, backend);
    }
}
