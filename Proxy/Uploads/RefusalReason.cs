namespace RsResumeProxy.Uploads;

/// <summary>Why the engine refused a request, so that each protocol can render it in its own words
/// (tus: a status and a text; the IETF draft: a status, its headers and a problem type).</summary>
internal enum RefusalReason
{
    /// <summary>A header or the request's shape is malformed or contradicts itself (400).</summary>
    Malformed,

    /// <summary>The URL names a folder, a user's root or a partial upload, never a document (400).</summary>
    NotADocument,

    /// <summary>No upload here for this credential (404).</summary>
    NotFound,

    /// <summary>The upload expired and its bytes were removed (410).</summary>
    Expired,

    /// <summary>An older request on the upload could not be stopped in time (423).</summary>
    Busy,

    /// <summary>The upload's bytes are on a staging store this instance does not see (503).</summary>
    StagedElsewhere,

    /// <summary>The client's offset is not the upload's (409, with the upload's offset).</summary>
    OffsetMismatch,

    /// <summary>A declared length disagrees with the upload's, or with the bytes already there (400).</summary>
    LengthMismatch,

    /// <summary>Past the maximum upload size or the upload's length (413).</summary>
    TooLarge,

    /// <summary>A final concatenation takes no bytes of its own (403).</summary>
    FinalNotAppendable,

    /// <summary>The upload is complete and committed; nothing more can be appended (409).</summary>
    AlreadyComplete,

    /// <summary>A partial upload named by a final concatenation is unknown or incomplete (400).</summary>
    PartUnusable,

    /// <summary>The staging store has no room (507).</summary>
    StagingFull,

    /// <summary>Too many uploads in progress for this credential (429) or too many bytes (507).</summary>
    QuotaExceeded,

    /// <summary>A chunk did not match its checksum and was discarded (460).</summary>
    ChecksumMismatch,

    /// <summary>The staged document does not match the digest declared at creation; discarded (460).</summary>
    DigestMismatch,

    /// <summary>The body stopped early (stalled, cut off, superseded, disk full, ...); what arrived is kept.</summary>
    BodyStopped,

    /// <summary>The backend would not let this credential write here (its 401/403, relayed).</summary>
    BackendRefusedCredential,

    /// <summary>Something the upload needs (coordination, staging, the backend) is unavailable now (503).</summary>
    Unavailable,

    /// <summary>Authorization is required (401).</summary>
    Unauthorized,

    /// <summary>A failure of the proxy itself (500).</summary>
    Internal,
}
