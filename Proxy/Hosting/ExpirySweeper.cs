using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Operations;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.Locks;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Hosting;

/// <summary>
/// Removes what nobody will come back for: the bytes of pending uploads idle past ExpireAfter
/// (their record stays as a tombstone answering 410 for another ExpireAfter), and the records of
/// committed uploads past CommittedRetention. Skips uploads that are in use.
/// </summary>
public sealed class ExpirySweeper(
    IUploadStateStore store,
    StagingArea staging,
    IUploadLockProvider locks,
    IOptions<ResumableUploadOptions> options,
    TimeProvider time,
    ProxyMetrics metrics,
    ILogger<ExpirySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await SweepOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Expiry sweep failed; trying again next round");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await foreach (var state in store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var forget = state.IsCommitted
                ? state.ExpiresAt <= now
                : state.IsExpired && state.ExpiredAt + options.Value.ExpireAfter <= now;
            var expire = !state.IsCommitted && !state.IsExpired && state.ExpiresAt <= now;
            if (!forget && !expire)
            {
                continue;
            }
            if (!state.IsCommitted && state.StagingVolume is { } volume && volume != staging.VolumeId)
            {
                continue; // Its bytes are on a volume this instance does not see; that volume's instances sweep it.
            }
            await using var lease = await locks.AcquireAsync(state.Id, cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                continue;
            }
            var current = await store.GetAsync(state.Id, cancellationToken).ConfigureAwait(false);
            if (current is null || current != state)
            {
                continue; // Touched since we listed it.
            }
            staging.Delete(state.Id);
            if (forget)
            {
                await store.DeleteAsync(state.Id, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await store.SaveAsync(state with { ExpiredAt = now }, cancellationToken).ConfigureAwait(false);
                Log.Expired(logger, state.Id);
                metrics.UploadExpired();
            }
        }
    }
}
