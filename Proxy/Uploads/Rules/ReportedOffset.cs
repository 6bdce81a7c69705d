using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads.Rules;

/// <summary>
/// What offset an upload reports. Profile: "A client is never told Upload-Offset == Upload-Length
/// for a document that the backend has not accepted". When every byte is staged but the commit has
/// not succeeded, the last byte is held back: the client's ordinary retry (HEAD, then an append of
/// the last byte) retries the commit.
/// </summary>
internal static class ReportedOffset
{
    /// <param name="stagedLength">The staged length, the one source of truth.</param>
    public static long Of(UploadState state, long stagedLength)
    {
        if (state.IsCommitted)
        {
            return state.Length ?? stagedLength;
        }
        if (state.Kind == UploadKind.Partial)
        {
            // A partial upload is never committed on its own, so there is nothing to retry: a
            // complete part reports its full length, which tus-js-client waits for before the final.
            return stagedLength;
        }
        if (state.Length is { } length && length > 0 && stagedLength >= length)
        {
            return length - 1;
        }
        return stagedLength;
    }
}
