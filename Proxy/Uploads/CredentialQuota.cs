using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads;

/// <summary>
/// Per-credential caps on pending uploads and staged bytes, so one token cannot fill the staging
/// volume or the state store for everyone. Counted over the state store at creation time.
/// </summary>
internal sealed class CredentialQuota(IUploadStateStore store, IOptions<ResumableUploadOptions> options, TimeProvider time)
{
    /// <summary>A refusal, or null when the new upload fits.</summary>
    /// <param name="replacing">The id of the upload this creation replaces (not counted).</param>
    public async Task<UploadRefusal?> CheckAsync(string credentialHash, string replacing, long declaredBytes, CancellationToken cancellationToken)
    {
        var maxUploads = options.Value.MaxPendingUploadsPerCredential;
        var maxBytes = options.Value.MaxStagedBytesPerCredential;
        if (maxUploads == 0 && maxBytes == 0)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var pending = 0;
        long bytes = 0;
        await foreach (var state in store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            // A final concatenation's bytes are its parts', which are counted themselves.
            if (state.CredentialHash != credentialHash || state.Id == replacing || !state.IsLiveAt(now) || state.Kind == UploadKind.Final)
            {
                continue;
            }
            pending++;
            bytes += state.Length ?? 0;
        }
        if (maxUploads > 0 && pending >= maxUploads)
        {
            return new UploadRefusal(RefusalReason.QuotaExceeded, 429, $"This credential already has {pending} uploads in progress (the limit is {maxUploads}); finish or delete some first.");
        }
        if (maxBytes > 0 && bytes + declaredBytes > maxBytes)
        {
            return new UploadRefusal(RefusalReason.QuotaExceeded, 507, $"This credential's uploads in progress would hold {bytes + declaredBytes} bytes; the limit is {maxBytes}. Finish or delete some first.");
        }
        return null;
    }
}
