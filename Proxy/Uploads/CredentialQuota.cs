using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads;

/// <summary>
/// Caps on pending uploads and staged bytes per credential, per RS user (over all of that user's
/// credentials) and in all, so that neither one token nor many tokens of one user can fill the
/// staging volume or the state store for everyone. A check reads only the records of the one
/// credential and the one user (the stores' per-owner indexes), never the whole store, so its cost
/// is bounded by the caps themselves; the total is what the staging store counts as staged.
/// </summary>
internal sealed class CredentialQuota(IUploadStateStore store, IStagingStore staging, IOptions<ResumableUploadOptions> options, TimeProvider time)
{
    /// <summary>A refusal, or null when the new upload fits.</summary>
    /// <param name="replacing">The id of the upload this creation replaces (not counted).</param>
    /// <param name="storageUser">The RS user named in the document's path, when there is one.</param>
    public async Task<UploadRefusal?> CheckAsync(string credentialHash, string replacing, long declaredBytes, CancellationToken cancellationToken,
        string? storageUser = null)
    {
        var settings = options.Value;
        if (settings.MaxStagedBytesTotal > 0 && staging.Census().Bytes + declaredBytes > settings.MaxStagedBytesTotal)
        {
            return new UploadRefusal(RefusalReason.QuotaExceeded, 507, $"The proxy's staging area is full (the limit is {settings.MaxStagedBytesTotal} bytes); try again later.")
            {
                RetryAfter = 60,
            };
        }
        if (await OverCapAsync(UploadOwners.Credential(credentialHash), replacing, declaredBytes,
                settings.MaxPendingUploadsPerCredential, settings.MaxStagedBytesPerCredential, "This credential", cancellationToken).ConfigureAwait(false) is { } perCredential)
        {
            return perCredential;
        }
        if (storageUser is not null
            && await OverCapAsync(UploadOwners.StorageUser(storageUser), replacing, declaredBytes,
                settings.MaxPendingUploadsPerUser, settings.MaxStagedBytesPerUser, "This storage's user", cancellationToken).ConfigureAwait(false) is { } perUser)
        {
            return perUser;
        }
        return null;
    }

    private async Task<UploadRefusal?> OverCapAsync(string owner, string replacing, long declaredBytes, int maxUploads, long maxBytes, string who,
        CancellationToken cancellationToken)
    {
        if (maxUploads == 0 && maxBytes == 0)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var pending = 0;
        long bytes = 0;
        await foreach (var state in store.ListPendingOfAsync(owner, cancellationToken).ConfigureAwait(false))
        {
            // Expired but not swept yet: it no longer counts.
            if (state.Id == replacing || !state.IsLiveAt(now))
            {
                continue;
            }
            pending++;
            bytes += state.Length ?? 0;
        }
        if (maxUploads > 0 && pending >= maxUploads)
        {
            return new UploadRefusal(RefusalReason.QuotaExceeded, 429, $"{who} already has {pending} uploads in progress (the limit is {maxUploads}); finish or delete some first.");
        }
        if (maxBytes > 0 && bytes + declaredBytes > maxBytes)
        {
            return new UploadRefusal(RefusalReason.QuotaExceeded, 507, $"{who}'s uploads in progress would hold {bytes + declaredBytes} bytes; the limit is {maxBytes}. Finish or delete some first.");
        }
        return null;
    }
}
