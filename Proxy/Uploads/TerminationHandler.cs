using Microsoft.Extensions.Logging;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads;

/// <summary>
/// DELETE with Tus-Resumable (termination): discards the pending upload, 204. It never touches
/// the backend document: deleting a document is a plain RS DELETE, which passes through.
/// </summary>
public sealed class TerminationHandler(UploadAccess access, StagingArea staging, IUploadStateStore store, ILogger<TerminationHandler> logger)
{
    public async Task<TusAnswer> HandleAsync(UploadRequest request)
    {
        var (lease, state, refusal) = await access.OpenAsync(request).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }
        await using (lease!)
        {
            staging.Delete(state!.Id);
            await store.DeleteAsync(state.Id, CancellationToken.None).ConfigureAwait(false);
            Log.Terminated(logger, state.Id);
            return TusAnswer.Of(204);
        }
    }
}
