using RsResumeProxy.Configuration;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Protocols.Rufh;

/// <summary>
/// The limits the proxy announces in Upload-Limit. max-size is MaxUploadSize (none when 0); there
/// is no per-request size (Kestrel's own request-size limit is lifted for upload bodies) and no
/// minimum. max-age is the time left until the upload expires; it slides forward with every
/// request and never moves earlier, and max-size is configuration, so limits never tighten while an
/// upload runs. Before an upload exists, max-age is the full ExpireAfter.
/// </summary>
internal static class RufhLimits
{
    public static UploadLimit For(ResumableUploadOptions options, UploadState? state, DateTimeOffset now)
    {
        long? maxAge = state is { IsPending: true }
            ? (long)Math.Ceiling((state.ExpiresAt - now).TotalSeconds)
            : state is null ? (long)options.ExpireAfter.TotalSeconds : null;
        return new UploadLimit(
            MaxSize: options.MaxUploadSize > 0 ? options.MaxUploadSize : null,
            MinSize: 0,
            MaxAppendSize: null,
            MinAppendSize: null,
            MaxAge: maxAge);
    }
}
