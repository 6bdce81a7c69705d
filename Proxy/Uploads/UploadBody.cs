using System.IO.Pipelines;
using RsResumeProxy.Integrity;

namespace RsResumeProxy.Uploads;

/// <summary>
/// A request body as the engine sees it: the bytes, what the request declared about them, and how
/// to verify them. Built by the protocol layer, which knows the HTTP framing.
/// </summary>
internal sealed class UploadBody
{
    public required Stream Content { get; init; }

    /// <summary>The same bytes as a pipe, when they arrive as one (an HTTP request's body): the
    /// staging store can then write the server's own buffers instead of copying them first.</summary>
    public PipeReader? Reader { get; init; }

    /// <summary>The request's Content-Length, when it sent one.</summary>
    public long? DeclaredLength { get; init; }

    /// <summary>Whether the request can carry bytes at all: a positive Content-Length, or a framing
    /// that can (chunked HTTP/1.1, an HTTP/2 stream not ended with its headers).</summary>
    public bool MayHaveBytes { get; init; }

    /// <summary>The chunk checksum to verify while the bytes stream to staging.</summary>
    public ChunkVerification Verification { get; init; } = ChunkVerification.None;

    /// <summary>Reads the checksum trailer once the body has been read to its end.</summary>
    public Func<string?> ReadChecksumTrailer { get; init; } = static () => null;
}
