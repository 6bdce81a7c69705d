using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Integrity;
using RsResumeProxy.Protocols.Tus;

namespace RsResumeProxy.Discovery;

/// <summary>What the proxy announces about its tus support. Tus-Extension lists only what works
/// (tus checklist C-41), each one covered by the conformance tests (Tests/Integration/Conformance).
/// concatenation-unfinished is not offered: a final names complete parts only.</summary>
internal sealed class TusDiscovery(IOptions<ResumableUploadOptions> options)
{
    public static readonly string[] Extensions =
    [
        "creation", "creation-with-upload", "creation-defer-length", "termination", "expiration",
        "checksum", "checksum-trailer", "concatenation",
    ];

    public IEnumerable<KeyValuePair<string, string>> Headers()
    {
        yield return new(TusHeaders.TusVersion, TusHeaders.Version);
        yield return new(TusHeaders.TusExtension, string.Join(',', Extensions));
        // tus checksum: "the Server MUST include Tus-Checksum-Algorithm" in the OPTIONS answer.
        yield return new(TusHeaders.TusChecksumAlgorithm, ChecksumAlgorithm.Announced);
        if (options.Value.MaxUploadSize > 0)
        {
            yield return new(TusHeaders.TusMaxSize, options.Value.MaxUploadSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
