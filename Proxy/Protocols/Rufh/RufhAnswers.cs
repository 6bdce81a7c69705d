using Microsoft.AspNetCore.WebUtilities;
using RsResumeProxy.Backend;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads;

namespace RsResumeProxy.Protocols.Rufh;

/// <summary>
/// Engine outcomes rendered as the draft's answers. Every answer about an upload carries
/// Upload-Offset (interop 6 requires it on creation and append answers, and tus-js-client reads
/// it; later versions allow it) and Upload-Complete. Upload-Complete: ?1 only ever comes with the
/// backend's own answer or once the backend has the document: until then the last byte is held
/// back, so a client's ?1 from the reported offset retries the commit.
/// </summary>
internal static class RufhAnswers
{
    public static RufhAnswer For(RufhExchange exchange, UploadOutcome outcome)
    {
        var answer = outcome.Kind switch
        {
            UploadOutcomeKind.Created => RufhAnswer.Of(201)
                .WithBoolean(RufhHeaders.UploadComplete, false)
                .WithInteger(RufhHeaders.UploadOffset, outcome.Offset),
            UploadOutcomeKind.Appended => RufhAnswer.Of(204)
                .WithBoolean(RufhHeaders.UploadComplete, false)
                .WithInteger(RufhHeaders.UploadOffset, outcome.Offset),
            UploadOutcomeKind.Completed => Completed(outcome),
            UploadOutcomeKind.Replayed => Replayed(exchange, outcome.State!),
            UploadOutcomeKind.Found => Found(exchange, outcome),
            UploadOutcomeKind.Terminated => RufhAnswer.Of(204),
            _ => Refused(exchange, outcome.Refusal!),
        };
        if (exchange.Operation == RufhOperation.Create && outcome.State is { IsPending: true } created)
        {
            // The upload exists (also when its body stopped early): the client resumes at this URL,
            // which is the document's own.
            answer.With("Location", exchange.Target!.DocumentPath);
            AddLimit(answer, exchange, created);
        }
        if (exchange.Operation == RufhOperation.RetrieveOffset)
        {
            answer.With("Cache-Control", "no-store");
        }
        return answer;
    }

    /// <summary>A refusal decided before or outside the engine.</summary>
    public static RufhAnswer Refused(RufhExchange exchange, UploadRefusal refusal)
    {
        var answer = refusal.Reason switch
        {
            RefusalReason.OffsetMismatch => MismatchingOffset(exchange, refusal.Offset ?? 0, complete: false),
            // A committed upload and an offset past its end: the offset is wrong, and the upload done.
            RefusalReason.AlreadyComplete => MismatchingOffset(exchange, refusal.Offset ?? 0, complete: true),
            RefusalReason.LengthMismatch => RufhAnswer.Problem(400, RufhHeaders.InconsistentLengthProblem, "Inconsistent upload length", refusal.Message),
            _ => RufhAnswer.Problem(refusal.Status, null, ReasonPhrases.GetReasonPhrase(refusal.Status), refusal.Message),
        };
        if (refusal.Reason is not (RefusalReason.OffsetMismatch or RefusalReason.AlreadyComplete) && refusal.Offset is { } offset)
        {
            // The body stopped early, or a length disagreed: what arrived is kept, resume from here.
            answer.WithBoolean(RufhHeaders.UploadComplete, false).WithInteger(RufhHeaders.UploadOffset, offset);
        }
        if (refusal.Reason == RefusalReason.TooLarge)
        {
            AddLimit(answer, exchange, null);
        }
        if (refusal.RetryAfter is not null)
        {
            answer.With("Retry-After", refusal.RetryAfterText);
        }
        foreach (var (name, value) in refusal.Headers)
        {
            answer.With(name, value);
        }
        return refusal.CloseConnection ? answer.Closing() : answer;
    }

    /// <summary>The backend's answer to the one PUT, relayed, with Upload-Complete: ?1 when it is
    /// the target resource's answer (accepted or refused, R-33); a backend that could not be reached
    /// gave no answer, so that one is a retryable 5xx about the upload instead.</summary>
    private static RufhAnswer Completed(UploadOutcome outcome)
    {
        var result = outcome.Commit!;
        if (result.Kind == CommitKind.Accepted)
        {
            return Committed(outcome.State!, result.StatusCode).WithBody(result.Body, result.ContentType);
        }
        var answer = RufhAnswer.Of(result.StatusCode).WithBody(result.Body, result.ContentType)
            .WithInteger(RufhHeaders.UploadOffset, outcome.Offset);
        if (result.ETag is not null)
        {
            answer.With("ETag", result.ETag);
        }
        return result.Kind == CommitKind.Refused
            ? answer.WithBoolean(RufhHeaders.UploadComplete, true)
            : answer.WithBoolean(RufhHeaders.UploadComplete, false).With("Retry-After", "5");
    }

    private static RufhAnswer Committed(UploadState committed, int status)
    {
        var answer = RufhAnswer.Of(status)
            .WithBoolean(RufhHeaders.UploadComplete, true)
            .WithInteger(RufhHeaders.UploadOffset, committed.Length ?? 0);
        if (committed.Commit?.ETag is { } etag)
        {
            answer.With("ETag", etag);
        }
        return answer;
    }

    /// <summary>
    /// An append to an upload that is already committed. Interop 9 (-12) lets the server replay
    /// the final answer, which is what a client that lost it needs. Interop 8 (-11) requires a
    /// rejection that leaves the upload alone: 400 inconsistent-upload-length for content, 410 for
    /// an empty append. Interop 6 (-05) rejects it with the completed-upload problem type.
    /// </summary>
    private static RufhAnswer Replayed(RufhExchange exchange, UploadState committed)
    {
        if (RufhInteropVersions.ReplaysCompletedAppends(exchange.Version))
        {
            return Committed(committed, committed.Commit!.StatusCode);
        }
        const string detail = "This upload is complete; the server has the document.";
        var answer = exchange.Version >= 8
            ? exchange.RequestHadBody
                ? RufhAnswer.Problem(400, RufhHeaders.InconsistentLengthProblem, "Inconsistent upload length", detail)
                : RufhAnswer.Problem(410, RufhHeaders.CompletedUploadProblem, "Upload is already completed", detail)
            : RufhAnswer.Problem(400, RufhHeaders.CompletedUploadProblem, "Upload is already completed", detail);
        return answer.WithBoolean(RufhHeaders.UploadComplete, true).WithInteger(RufhHeaders.UploadOffset, committed.Length ?? 0);
    }

    private static RufhAnswer Found(RufhExchange exchange, UploadOutcome outcome)
    {
        var state = outcome.State!;
        if (state.IsCommitted)
        {
            var done = Committed(state, 204);
            if (state.Length is { } total)
            {
                done.WithInteger(RufhHeaders.UploadLength, total);
            }
            return done;
        }
        var answer = RufhAnswer.Of(204)
            .WithBoolean(RufhHeaders.UploadComplete, false)
            .WithInteger(RufhHeaders.UploadOffset, outcome.Offset);
        if (state.Length is { } length)
        {
            answer.WithInteger(RufhHeaders.UploadLength, length);
        }
        AddLimit(answer, exchange, state);
        return answer;
    }

    /// <summary>409 with the right offset and the mismatching-upload-offset problem; -12
    /// adds that it carries Upload-Complete.</summary>
    private static RufhAnswer MismatchingOffset(RufhExchange exchange, long expected, bool complete)
    {
        var provided = exchange.ProvidedOffset ?? 0;
        return RufhAnswer.Problem(409, RufhHeaders.MismatchingOffsetProblem, "Offset from request does not match offset of resource",
                $"The upload's offset is {expected}; the request said {provided}.", ("expected-offset", expected), ("provided-offset", provided))
            .WithInteger(RufhHeaders.UploadOffset, expected)
            .WithBoolean(RufhHeaders.UploadComplete, complete);
    }

    private static void AddLimit(RufhAnswer answer, RufhExchange exchange, UploadState? state)
    {
        if (answer.Header(RufhHeaders.UploadLimit) is null)
        {
            answer.With(RufhHeaders.UploadLimit, RufhLimits.For(exchange.Options, state, exchange.Now).ToFieldValue(exchange.Version));
        }
    }
}
