namespace RsResumeProxy.Uploads;

/// <summary>What became of a request to the engine.</summary>
internal enum UploadOutcomeKind
{
    /// <summary>A new upload exists and is not complete yet.</summary>
    Created,

    /// <summary>Bytes were appended; the upload is not complete yet.</summary>
    Appended,

    /// <summary>The upload became complete and the commit to the backend was attempted:
    /// <see cref="UploadOutcome.Commit"/> says how it went.</summary>
    Completed,

    /// <summary>The upload was committed earlier: its recorded outcome, not a second PUT.</summary>
    Replayed,

    /// <summary>An offset query found the upload.</summary>
    Found,

    /// <summary>The upload was discarded on request.</summary>
    Terminated,

    /// <summary>See <see cref="UploadOutcome.Refusal"/>.</summary>
    Refused,
}
