using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.Locks;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Tus;

namespace RsResumeProxy.Uploads;

/// <summary>
/// Opening an existing upload for a request: take its lease (stopping an older request that holds
/// it), then read its state under the lease. Unknown uploads, and other credentials' uploads
/// (which have another id), answer 404; expired ones 410 while remembered.
/// </summary>
public sealed class UploadAccess(
    IUploadStateStore store,
    StagingArea staging,
    IUploadLockProvider locks,
    IOptions<ResumableUploadOptions> options,
    TimeProvider time,
    ILogger<UploadAccess> logger)
{
    /// <summary>Opens the upload <paramref name="request"/> addresses. A partial upload's URL opens
    /// only a partial upload of the same credential, and a document URL never opens one: anything
    /// else answers 404, exactly as if nothing were there.</summary>
    public Task<(UploadLease? Lease, UploadState? State, TusAnswer? Refusal)> OpenAsync(UploadRequest request) =>
        OpenAsync(request.UploadId, request.Http.RequestAborted, state =>
            state.CredentialHash == request.CredentialHash && request.IsPart == (state.Kind == UploadKind.Partial));

    public async Task<(UploadLease? Lease, UploadState? State, TusAnswer? Refusal)> OpenAsync(
        string uploadId, CancellationToken cancellationToken, Func<UploadState, bool>? belongs = null)
    {
        if (!UploadId.IsWellFormed(uploadId))
        {
            return (null, null, NotFound());
        }
        // A cheap look first, so requests for unknown uploads never contend for a lock.
        var peek = await store.GetAsync(uploadId, cancellationToken).ConfigureAwait(false);
        if (peek is not null && belongs?.Invoke(peek) == false)
        {
            peek = null;
        }
        if (Refusal(peek) is { } early)
        {
            return (null, null, early);
        }

        var (lease, busy) = await AcquireAsync(uploadId, cancellationToken).ConfigureAwait(false);
        if (busy is not null)
        {
            return (null, null, busy);
        }

        UploadState? state;
        TusAnswer? refusal;
        try
        {
            state = await store.GetAsync(uploadId, cancellationToken).ConfigureAwait(false);
            if (state is not null && belongs?.Invoke(state) == false)
            {
                state = null;
            }
            refusal = Refusal(state);
            // A final concatenation has no staged file of its own: its bytes are its parts'.
            if (refusal is null && !state!.IsCommitted && state.Kind != UploadKind.Final && staging.LengthOf(uploadId) < 0)
            {
                Log.StagedFileMissing(logger, uploadId);
                refusal = NotFound();
            }
        }
        catch
        {
            // The request died (its abort token cancelled the read) or the store failed while the
            // lease was held: nobody else would ever release it, and the upload would answer 423 to
            // every later request (until a restart, or LockExpiry with Redis).
            await lease!.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        if (refusal is not null)
        {
            await lease!.DisposeAsync().ConfigureAwait(false);
            return (null, null, refusal);
        }
        return (lease, state, null);
    }

    private TusAnswer? Refusal(UploadState? state)
    {
        if (state is null)
        {
            return NotFound();
        }
        if (state.IsExpired || (!state.IsCommitted && state.ExpiresAt <= time.GetUtcNow()))
        {
            return TusAnswer.Error(410, "This upload expired and its bytes were removed; start a new upload.");
        }
        if (state.IsCommitted && state.ExpiresAt <= time.GetUtcNow())
        {
            return NotFound();
        }
        if (!state.IsCommitted && state.StagingVolume is { } volume && volume != staging.VolumeId)
        {
            // Several instances without a shared staging volume: refuse rather than append to a file
            // that is not here (or, worse, start a second copy of the upload). Another instance, the
            // one that mounts that volume, can still serve it.
            Log.ForeignStagingVolume(logger, state.Id, volume, staging.VolumeId);
            return TusAnswer.Error(503, "This upload's bytes are staged on a volume this proxy instance does not mount. Every instance must share one staging volume; retry, another instance may serve it.")
                .With("Retry-After", "5");
        }
        return null;
    }

    /// <summary>Takes the upload's lease, stopping an older request that holds it; 423 when that
    /// request does not let go within the lock wait. The one place every handler takes a lease.</summary>
    public async Task<(UploadLease? Lease, TusAnswer? Refusal)> AcquireAsync(string uploadId, CancellationToken cancellationToken)
    {
        var lease = await locks.AcquireAsync(uploadId, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            Log.LockTimeout(logger, uploadId);
            return (null, TusAnswer.Error(423, "Another request on this upload is still running and could not be stopped in time; retry shortly."));
        }
        return (lease, null);
    }

    public static TusAnswer NotFound() => TusAnswer.Error(404, "No upload in progress at this URL for these credentials.");

    /// <summary>Upload-Expires for an answer, in IMF-fixdate as tus requires.</summary>
    public static string ExpiresHeader(UploadState state) => state.ExpiresAt.UtcDateTime.ToString("R");

    public DateTimeOffset NextExpiry() => time.GetUtcNow() + options.Value.ExpireAfter;

    public static void AddExpires(TusAnswer answer, UploadState state)
    {
        if (!state.IsCommitted)
        {
            answer.With(TusHeaders.UploadExpires, ExpiresHeader(state));
        }
    }
}
