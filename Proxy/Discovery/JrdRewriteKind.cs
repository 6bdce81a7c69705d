namespace RsResumeProxy.Discovery;

/// <summary>What became of a WebFinger document on its way through the proxy.</summary>
internal enum JrdRewriteKind
{
    /// <summary>The property was added to (or corrected on) every remoteStorage link.</summary>
    Rewritten,

    /// <summary>Every remoteStorage link already announces the property with our value.</summary>
    AlreadyPresent,

    /// <summary>Valid JSON, but no remoteStorage link to announce it on (another kind of account).</summary>
    NoRemoteStorageLink,

    /// <summary>Not a JSON object, not valid JSON, or a link shaped so that editing it would be a
    /// guess: passed on exactly as received.</summary>
    Malformed,
}
