using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Backend;
using RsResumeProxy.Configuration;

namespace RsResumeProxy.Uploads;

/// <summary>Turns the backend's say on a creation (<see cref="WriteAccessProbe"/>) into the engine's
/// terms: null to go on, else the backend's refusal relayed with its WWW-Authenticate, or 503 when
/// the backend could not be asked. Nothing is staged for a token the backend would refuse at commit.</summary>
internal sealed class WriteAccessGate(WriteAccessProbe probe, IOptions<ResumableUploadOptions> options, ILogger<WriteAccessGate> logger)
{
    public async Task<UploadRefusal?> CheckAsync(UploadTarget target, CancellationToken cancellationToken)
    {
        var prefix = options.Value.StoragePathPrefix;
        var verdict = await probe.CheckAsync(target.Backend, target.DocumentPath, target.Authorization, target.CredentialHash,
            prefix, cancellationToken).ConfigureAwait(false);
        switch (verdict.Kind)
        {
            case WriteAccessKind.Allowed:
                return null;
            case WriteAccessKind.Refused:
                Log.WriteRefused(logger, WriteAccessProbe.ScopeOf(target.DocumentPath, prefix), verdict.StatusCode);
                return new UploadRefusal(RefusalReason.BackendRefusedCredential, verdict.StatusCode,
                    $"The storage server would not accept this document with these credentials ({verdict.StatusCode}); nothing was staged.")
                {
                    Headers = verdict.WwwAuthenticate is { } challenge ? [new("WWW-Authenticate", challenge)] : [],
                };
            default:
                return new UploadRefusal(RefusalReason.Unavailable, 503,
                    "The storage server could not be asked whether these credentials may write this document; nothing was staged. Retry later.")
                {
                    RetryAfter = 5,
                };
        }
    }
}
