using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Protocols.Rufh;

namespace RsResumeProxy.Discovery;

/// <summary>
/// What OPTIONS on a storage path announces for the IETF draft: Upload-Limit in every
/// version (-09 and -12 require it, "min-size=0" when nothing else applies), and Accept-Patch naming
/// application/partial-upload, which -10/-11 (interop 8) require and later versions allow. The
/// limit's key names follow the request's interop version (6 says "expires"); without one, the newest.
/// </summary>
public sealed class RufhDiscovery(IOptions<ResumableUploadOptions> options, TimeProvider time)
{
    public IEnumerable<KeyValuePair<string, string>> Headers(HttpRequest request)
    {
        var version = RufhInteropVersions.Of(request) ?? RufhInteropVersions.Supported[^1];
        yield return new(RufhHeaders.UploadLimit, RufhLimits.For(options.Value, null, time.GetUtcNow()).ToFieldValue(version));
    }

    public static readonly string[] AcceptPatch = [RufhHeaders.PartialUploadMediaType];
}
