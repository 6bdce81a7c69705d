using Yarp.ReverseProxy.Forwarder;

namespace RsResumeProxy.Backend;

/// <summary>How the one PUT of a finished upload went.</summary>
internal enum CommitKind
{
    /// <summary>The backend stored the document (2xx).</summary>
    Accepted,

    /// <summary>The backend refused it (4xx, 507): relayed as is; the staged upload is kept.</summary>
    Refused,

    /// <summary>The backend could not be reached or failed (502/503/504): the upload is kept for a retry.</summary>
    Unavailable,
}

/// <summary>The outcome of a commit, as a value. <see cref="StatusCode"/> is what the client gets.</summary>
internal sealed record CommitResult(CommitKind Kind, int StatusCode, string? ETag, string? ContentType, byte[] Body, string Message)
{
    /// <summary>How the PUT failed in transport, when it did (not when the backend answered): what
    /// YARP's passive health checks count against the destination.</summary>
    public ForwarderError? TransportError { get; init; }

    public static CommitResult Unavailable(int statusCode, string message, ForwarderError? transportError = null) =>
        new(CommitKind.Unavailable, statusCode, null, "text/plain; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(message + "\n"), message)
        {
            TransportError = transportError,
        };
}
