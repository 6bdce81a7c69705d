namespace RsResumeProxy.Backend;

/// <summary>What the backend said about a token writing a document.</summary>
internal enum WriteAccessKind
{
    /// <summary>The backend would take a PUT of this document with this token.</summary>
    Allowed,

    /// <summary>The backend refuses (401, 403, or another client error such as an invalid path):
    /// its answer is relayed and nothing is staged.</summary>
    Refused,

    /// <summary>The backend could not be asked (down, failing, too slow): 503, retry later.</summary>
    Unavailable,
}
