using RsResumeProxy.Backend;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads;

/// <summary>
/// The engine's answer to one request, as a value that each protocol renders in its own way.
/// <see cref="Offset"/> is what a client may be told: the last byte of a complete upload is held
/// back until the backend has accepted the document (<see cref="Rules.ReportedOffset"/>).
/// </summary>
internal sealed record UploadOutcome(UploadOutcomeKind Kind)
{
    /// <summary>The upload as recorded after the request (null when there is none).</summary>
    public UploadState? State { get; init; }

    public long Offset { get; init; }

    /// <summary>The commit's result when one was attempted (<see cref="UploadOutcomeKind.Completed"/>).</summary>
    public CommitResult? Commit { get; init; }

    public UploadRefusal? Refusal { get; init; }

    /// <summary>Whether the backend has the document (now, or from an earlier commit).</summary>
    public bool IsCommitted => State?.IsCommitted == true;

    public static UploadOutcome Refused(UploadRefusal refusal, UploadState? state = null) =>
        new(UploadOutcomeKind.Refused) { Refusal = refusal, State = state, Offset = refusal.Offset ?? 0 };
}
