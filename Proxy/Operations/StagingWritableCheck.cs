using Microsoft.Extensions.Diagnostics.HealthChecks;
using RsResumeProxy.Staging.Files;

namespace RsResumeProxy.Operations;

/// <summary>Readiness: the staging directory takes a write (a full or read-only volume fails it).</summary>
internal sealed class StagingWritableCheck(StagingArea staging) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(staging.Directory, ".ready-" + Guid.NewGuid().ToString("N"));
        try
        {
            // WaitAsync: a hung volume (NFS) must make the answer "not ready", not hang it.
            await Task.Run(() =>
            {
                File.WriteAllBytes(probe, [1]);
                File.Delete(probe);
            }, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(staging.Directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"{staging.Directory} is not writable: {ex.Message}");
        }
    }
}
