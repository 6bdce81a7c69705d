using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads;

/// <summary>Create an upload at <see cref="Target"/>, replacing this credential's earlier one there,
/// and take the first bytes from <see cref="Body"/> if it carries any.</summary>
internal sealed record CreateUpload(UploadTarget Target)
{
    /// <summary>The document's total length, or null while it is not known (deferred).</summary>
    public long? Length { get; init; }

    /// <summary>When the length is not known: it becomes the offset reached when the body ends
    /// normally (a creation that says "this body is the whole document" without a length).</summary>
    public bool CompleteAtEndOfBody { get; init; }

    public UploadKind Kind { get; init; } = UploadKind.Document;

    /// <summary>The document's Content-Type for the commit; null sends none.</summary>
    public string? DocumentType { get; init; }

    public string? IfMatch { get; init; }

    public string? IfNoneMatch { get; init; }

    /// <summary>Opaque to the engine: the protocol's own description of the upload, kept with it.</summary>
    public string? Metadata { get; init; }

    /// <summary>Opaque to the engine: the concatenation header, echoed on offset queries.</summary>
    public string? Concat { get; init; }

    public DocumentDigest? ExpectedDigest { get; init; }

    public UploadBody? Body { get; init; }

    /// <summary>Called once the upload exists and before a byte of the body is read.</summary>
    public Func<UploadState, ValueTask>? BeforeBody { get; init; }
}
