using Microsoft.AspNetCore.Http;
using RsResumeProxy.Uploads;

namespace RsResumeProxy.Protocols;

/// <summary>
/// One resumable-upload protocol spoken on the document URLs (a "front door" of the upload
/// engine): it recognises its requests from their headers, turns them into engine commands, and
/// renders the engine's outcomes in its own wire format. A new protocol is a new implementation
/// registered beside the others; the engine does not change.
/// </summary>
internal interface IUploadProtocol
{
    /// <summary>A short name for logs and traces ("tus").</summary>
    string Name { get; }

    /// <summary>Whether this request is this protocol's, decided from the request line and headers
    /// alone (never the body). A request no protocol claims passes through to the backend.</summary>
    bool Claims(HttpContext context);

    /// <summary>The engine operation a claimed request asks for: Create, Append, Offset or
    /// Terminate (names of spans and logs, one vocabulary whatever the protocol).</summary>
    string Operation(HttpContext context);

    /// <summary>A refusal that depends only on the protocol's own headers (an unsupported version),
    /// checked before anything else; null to go on.</summary>
    UploadRefusal? Precheck(HttpContext context);

    /// <summary>Carries the request out against the engine and writes the answer. Returns the
    /// engine's outcome for the caller's bookkeeping (passive health, traces).</summary>
    Task<UploadOutcome> HandleAsync(HttpContext context, UploadTarget target);

    /// <summary>Writes a refusal decided outside the engine (no Authorization, no backend, too many
    /// requests, a coordination outage, a failure of the proxy) in this protocol's format.</summary>
    Task WriteRefusalAsync(HttpContext context, UploadRefusal refusal);
}
