using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Backend;
using RsResumeProxy.Configuration;

namespace RsResumeProxy.Uploads;

/// <summary>Turns the backend's say on a creation (<see cref="WriteAccessProbe"/>) into the tus
/// answer: null to go on, else the backend's refusal relayed with its WWW-Authenticate, or 503.</summary>
public sealed class WriteAccessGate(WriteAccessProbe probe, IOptions<ResumableUploadOptions> options, ILogger<WriteAccessGate> logger)
{
    public async Task<TusAnswer?> CheckAsync(UploadRequest request)
    {
        var prefix = options.Value.StoragePathPrefix;
        var verdict = await probe.CheckAsync(request.Backend, request.DocumentPath, request.Authorization, request.CredentialHash,
            prefix, request.Http.RequestAborted).ConfigureAwait(false);
        switch (verdict.Kind)
        {
            case WriteAccessKind.Allowed:
                return null;
            case WriteAccessKind.Refused:
                Log.WriteRefused(logger, WriteAccessProbe.ScopeOf(request.DocumentPath, prefix), verdict.StatusCode);
                var refusal = TusAnswer.Error(verdict.StatusCode, $"The storage server would not accept this document with these credentials ({verdict.StatusCode}); nothing was staged.");
                return verdict.WwwAuthenticate is { } challenge ? refusal.With("WWW-Authenticate", challenge) : refusal;
            default:
                return TusAnswer.Error(503, "The storage server could not be asked whether these credentials may write this document; nothing was staged. Retry later.")
                    .With("Retry-After", "5");
        }
    }
}
