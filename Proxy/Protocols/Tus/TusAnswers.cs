using RsResumeProxy.Backend;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads;

namespace RsResumeProxy.Protocols.Tus;

/// <summary>Engine outcomes rendered as tus answers: which status, which tus headers.</summary>
internal static class TusAnswers
{
    public static TusAnswer For(TusOperation operation, UploadTarget target, UploadOutcome outcome)
    {
        var creation = operation is TusOperation.CreateByPut or TusOperation.CreateByPost;
        var answer = outcome.Kind switch
        {
            UploadOutcomeKind.Created => TusAnswer.Of(201).With(TusHeaders.UploadOffset, outcome.Offset),
            UploadOutcomeKind.Appended => TusAnswer.Of(204).With(TusHeaders.UploadOffset, outcome.Offset),
            UploadOutcomeKind.Completed => Completed(outcome.Commit!, outcome.State!),
            // A repeated completing PATCH (not a repeated final) ends like the original did.
            UploadOutcomeKind.Replayed => creation ? Committed(outcome.State!, outcome.State!.Commit!.StatusCode)
                : Committed(outcome.State!, outcome.State!.Commit!.StatusCode).Closing(),
            UploadOutcomeKind.Found => Found(outcome),
            UploadOutcomeKind.Terminated => TusAnswer.Of(204),
            _ => TusAnswer.From(outcome.Refusal!),
        };
        if (creation && outcome.State is { } state)
        {
            // The upload exists (even when its body stopped early): the client resumes it at its URL.
            answer.With("Location", state.Kind == UploadKind.Partial ? PartialUploadUrl.For(target.DocumentPath, state.Id) : target.DocumentPath);
        }
        if (outcome.Kind is UploadOutcomeKind.Created or UploadOutcomeKind.Appended or UploadOutcomeKind.Found && outcome.State is { } pending)
        {
            AddExpires(answer, pending);
        }
        if (operation == TusOperation.Head)
        {
            answer.With("Cache-Control", "no-store");
        }
        return answer;
    }

    /// <summary>The answer that reports a commit: the backend's status and ETag and the full offset.</summary>
    public static TusAnswer Committed(UploadState committed, int status)
    {
        var answer = TusAnswer.Of(status).With(TusHeaders.UploadOffset, committed.Length ?? 0);
        if (committed.Commit?.ETag is { } etag)
        {
            answer.With("ETag", etag);
        }
        return answer;
    }

    private static TusAnswer Completed(CommitResult result, UploadState state)
    {
        if (result.Kind == CommitKind.Accepted)
        {
            return Committed(state, result.StatusCode).WithBody(result.Body, result.ContentType);
        }
        // Refused or unavailable: the backend's answer, relayed; the upload is kept for a retry.
        var answer = TusAnswer.Of(result.StatusCode).WithBody(result.Body, result.ContentType);
        if (result.ETag is not null)
        {
            answer.With("ETag", result.ETag);
        }
        if (result.Kind == CommitKind.Unavailable)
        {
            answer.With("Retry-After", "5");
        }
        return answer;
    }

    private static TusAnswer Found(UploadOutcome outcome)
    {
        var state = outcome.State!;
        var answer = state.IsCommitted
            ? Committed(state, 200)
            : state.Kind == UploadKind.Final
                // tus concatenation: no Upload-Offset for a final until its concatenation is
                // finished, which here means committed (EXT-CC-08).
                ? TusAnswer.Of(200)
                : TusAnswer.Of(200).With(TusHeaders.UploadOffset, outcome.Offset);
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
        return answer;
    }

    /// <summary>Upload-Expires (IMF-fixdate, as tus requires) on answers about a pending upload.</summary>
    private static void AddExpires(TusAnswer answer, UploadState state)
    {
        if (!state.IsCommitted)
        {
            answer.With(TusHeaders.UploadExpires, state.ExpiresAt.UtcDateTime.ToString("R"));
        }
    }
}
