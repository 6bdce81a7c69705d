using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Tus;

namespace RsResumeProxy.Uploads;

/// <summary>
/// HEAD: how many bytes of this upload the proxy holds. Takes the lease like a PATCH does, so an
/// older request that stalled is stopped first and the offset returned is the one the next PATCH
/// must use (tus checklist C-18). After a commit it reports the full offset and the backend's ETag.
/// </summary>
public sealed class OffsetHandler(UploadAccess access, StagingArea staging)
{
    public async Task<TusAnswer> HandleAsync(UploadRequest request)
    {
        var (lease, state, refusal) = await access.OpenAsync(request).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal.With("Cache-Control", "no-store");
        }
        await using (lease!)
        {
            var answer = state!.IsCommitted
                ? UploadCompletion.CommittedAnswer(state, 200)
                : state.Kind == UploadKind.Final
                    // tus concatenation: no Upload-Offset for a final until its concatenation is
                    // finished, which here means committed (EXT-CC-08).
                    ? TusAnswer.Of(200)
                    : TusAnswer.Of(200).With(TusHeaders.UploadOffset, OffsetRules.Reported(state, staging.LengthOf(state.Id)));
            if (state.Length is { } length)
            {
                answer.With(TusHeaders.UploadLength, length);
            }
            else
            {
                answer.With(TusHeaders.UploadDeferLength, "1");
            }
            if (state.Metadata is not null)
            {
                answer.With(TusHeaders.UploadMetadata, state.Metadata);
            }
            if (state.Concat is not null)
            {
                answer.With(TusHeaders.UploadConcat, state.Concat);
            }
            UploadAccess.AddExpires(answer, state);
            return answer.With("Cache-Control", "no-store");
        }
    }
}
