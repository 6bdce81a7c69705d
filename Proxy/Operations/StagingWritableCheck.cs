using Microsoft.Extensions.Diagnostics.HealthChecks;
using RsResumeProxy.Staging.Files;

namespace RsResumeProxy.Operations;

/// <summary>Readiness: the staging store takes a write (a probe file on disk, a probe object in the
/// bucket): a full or read-only volume, or object storage that is down or refuses this instance, fails it.</summary>
internal sealed class StagingWritableCheck(IStagingStore staging) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Task.Run: the disk store's probe is synchronous file I/O. WaitAsync: a hung volume (NFS)
            // or storage must make the answer "not ready", not hang it.
            var problem = await Task.Run(() => staging.CheckWritableAsync(cancellationToken).AsTask(), cancellationToken)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            return problem is null ? HealthCheckResult.Healthy(staging.VolumeId) : HealthCheckResult.Unhealthy(problem);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"{staging.VolumeId} is not writable: {ex.Message}");
        }
    }
}
