using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Tus;

namespace RsResumeProxy.Discovery;

/// <summary>What the proxy announces about its tus support. Tus-Extension lists only what works
/// (tus checklist C-41).</summary>
public sealed class TusDiscovery(IOptions<ResumableUploadOptions> options)
{
    public static readonly string[] Extensions =
    [
        "creation", "creation-with-upload", "creation-defer-length", "termination", "expiration",
    ];

    public IEnumerable<KeyValuePair<string, string>> Headers()
    {
        yield return new(TusHeaders.TusVersion, TusHeaders.Version);
        yield return new(TusHeaders.TusExtension, string.Join(',', Extensions));
        if (options.Value.MaxUploadSize > 0)
        {
            yield return new(TusHeaders.TusMaxSize, options.Value.MaxUploadSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
