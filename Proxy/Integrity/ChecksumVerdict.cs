namespace RsResumeProxy.Integrity;

/// <summary>What checking a chunk against its Upload-Checksum found.</summary>
internal enum ChecksumVerdict
{
    /// <summary>The request carried no checksum.</summary>
    NotRequested,

    /// <summary>The digest of the body matched: the chunk is kept.</summary>
    Matched,

    /// <summary>The digest differed: the chunk is discarded (460).</summary>
    Mismatched,

    /// <summary>The body did not arrive whole, so it cannot be verified: the chunk is discarded
    /// (tus checklist EXT-CK-08, the one exception to keeping every byte received).</summary>
    Unverifiable,

    /// <summary>A declared Upload-Checksum trailer was missing or malformed: the chunk is discarded (400).</summary>
    TrailerInvalid,
}
