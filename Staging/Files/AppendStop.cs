namespace RsResumeProxy.Staging.Files;

/// <summary>Why an append stopped taking bytes.</summary>
public enum AppendStop
{
    /// <summary>The body ended normally.</summary>
    EndOfBody,

    /// <summary>The body carried more bytes than the caller allowed; the allowed prefix is kept.</summary>
    LimitExceeded,

    /// <summary>No byte arrived within the idle timeout.</summary>
    IdleTimeout,

    /// <summary>A newer request on the same upload asked this one to stop.</summary>
    Superseded,

    /// <summary>The connection failed or was reset mid-body.</summary>
    SourceFailed,

    /// <summary>The staging volume ran out of space; what was written before is kept.</summary>
    DiskFull,

    /// <summary>The upload's lock could not be confirmed any more (its Redis was unreachable past the
    /// lock's expiry), so another instance may hold it: writing stopped, what was written is kept.</summary>
    LeaseLost,

    /// <summary>The staging store could not be reached (object storage down, unreachable or too
    /// slow): the bytes it held durably before are kept and counted, the bytes taken from the body
    /// since were not stored. The client is told to retry later (503 + Retry-After).</summary>
    StagingUnavailable,
}
