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
internal sealed class ExpirySweeper(
    IUploadStateStore store,
    IStagingStore staging,
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

    /// <summary>One pass over every record. Public so that tests (and operators' tools) can sweep
    /// at a moment of their choosing.</summary>
    public async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await foreach (var listed in store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Decide(listed, now) == Fate.Keep)
            {
                continue;
            }
            if (listed.IsStagedElsewhereThan(staging.VolumeId))
            {
                continue; // Its bytes are on a volume this instance does not see; that volume's instances sweep it.
            }
            await using var lease = await locks.AcquireAsync(listed.Id, cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                continue; // In use; next round.
            }
            // Decided again under the lease on what is stored now: a request may have touched the
            // upload since it was listed (records hold lists and arrays, so equality of the listed
            // and current record says nothing).
            var state = await store.GetAsync(listed.Id, cancellationToken).ConfigureAwait(false);
            if (state is null)
            {
                continue;
            }
            switch (Decide(state, now))
            {
                case Fate.Forget:
                    await staging.DeleteAsync(state.Id, cancellationToken).ConfigureAwait(false);
                    await store.DeleteAsync(state.Id, cancellationToken).ConfigureAwait(false);
                    break;
                case Fate.Expire:
                    await staging.DeleteAsync(state.Id, cancellationToken).ConfigureAwait(false);
                    await store.SaveAsync(state with { ExpiredAt = now }, cancellationToken).ConfigureAwait(false);
                    Log.Expired(logger, state.Id);
                    metrics.UploadExpired();
                    break;
            }
        }
    }

    private Fate Decide(UploadState state, DateTimeOffset now) =>
        state.IsForgettableAt(now, options.Value.ExpireAfter) ? Fate.Forget
        : state.ShouldExpireAt(now) ? Fate.Expire
        : Fate.Keep;

    private enum Fate
    {
        Keep,

        /// <summary>Bytes removed, record kept as a tombstone that answers 410.</summary>
        Expire,

        /// <summary>Record removed too: the URL answers 404 from now on.</summary>
        Forget,
    }
}
