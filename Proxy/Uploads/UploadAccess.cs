using Microsoft.Extensions.Logging;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.Locks;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads;

/// <summary>
/// Opening an upload for a request: take its lease (stopping an older request that holds it), then
/// read its record and staged length under the lease. Unknown uploads, and other credentials'
/// uploads (which have another id), answer 404; expired ones 410 while remembered. The one place
/// every operation takes a lease, and the one place that lets it go when opening fails.
/// </summary>
internal sealed class UploadAccess(
    IUploadStateStore store,
    IStagingStore staging,
    IUploadLockProvider locks,
    TimeProvider time,
    ILogger<UploadAccess> logger)
{
    /// <summary>Opens the upload <paramref name="target"/> addresses. A partial upload's URL opens
    /// only a partial upload of the same credential, and a document URL never opens one: anything
    /// else answers 404, exactly as if nothing were there.</summary>
    public Task<OpenedUpload> OpenAsync(UploadTarget target, CancellationToken cancellationToken) =>
        OpenAsync(target.UploadId, state => state.CredentialHash == target.CredentialHash && target.IsPart == (state.Kind == UploadKind.Partial),
            cancellationToken);

    public async Task<OpenedUpload> OpenAsync(string uploadId, Func<UploadState, bool> belongs, CancellationToken cancellationToken)
    {
        if (!UploadId.IsWellFormed(uploadId))
        {
            return OpenedUpload.Refused(UploadRefusal.NotFound());
        }
        // A cheap look first, so requests for unknown uploads never contend for a lock.
        var peek = await store.GetAsync(uploadId, cancellationToken).ConfigureAwait(false);
        if (Refusal(peek is not null && belongs(peek) ? peek : null) is { } early)
        {
            return OpenedUpload.Refused(early);
        }

        var lease = await locks.AcquireAsync(uploadId, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            Log.LockTimeout(logger, uploadId);
            return OpenedUpload.Refused(UploadRefusal.Busy());
        }
        try
        {
            var state = await store.GetAsync(uploadId, cancellationToken).ConfigureAwait(false);
            if (state is not null && !belongs(state))
            {
                state = null;
            }
            var refusal = Refusal(state);
            var staged = -1L;
            if (refusal is null && state!.HasOwnStagedBytes)
            {
                staged = await staging.GetLengthAsync(uploadId, cancellationToken).ConfigureAwait(false);
                if (staged < 0)
                {
                    Log.StagedFileMissing(logger, uploadId);
                    refusal = UploadRefusal.NotFound();
                }
            }
            if (refusal is null)
            {
                return new OpenedUpload(new UploadSession(lease, state!, staged), null);
            }
            await lease.DisposeAsync().ConfigureAwait(false);
            return OpenedUpload.Refused(refusal);
        }
        catch
        {
            // Whatever ends this request here (its client leaving mid-read, Redis failing), the
            // upload must not stay locked: a lease nobody releases answers 423 to every later request.
            await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Takes the upload's lease for a request that creates it, or null (answer
    /// <see cref="UploadRefusal.Busy"/>) when an older request does not let go within the lock wait.</summary>
    public async Task<UploadLease?> AcquireAsync(string uploadId, CancellationToken cancellationToken)
    {
        var lease = await locks.AcquireAsync(uploadId, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            Log.LockTimeout(logger, uploadId);
        }
        return lease;
    }

    private UploadRefusal? Refusal(UploadState? state)
    {
        var now = time.GetUtcNow();
        if (state is null || state.HasOutlivedRetentionAt(now))
        {
            return UploadRefusal.NotFound();
        }
        if (state.HasExpiredAt(now))
        {
            return UploadRefusal.Expired();
        }
        if (state.IsStagedElsewhereThan(staging.VolumeId))
        {
            // Several instances without a shared staging volume: refuse rather than append to a file
            // that is not here (or, worse, start a second copy of the upload). Another instance, the
            // one that mounts that volume, can still serve it.
            Log.ForeignStagingVolume(logger, state.Id, state.StagingVolume!, staging.VolumeId);
            return UploadRefusal.StagedElsewhere();
        }
        return null;
    }
}
