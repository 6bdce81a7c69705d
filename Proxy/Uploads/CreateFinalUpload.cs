using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads;

/// <summary>Create the document at <see cref="Target"/> from complete partial uploads, in order,
/// and commit it (the concatenation of tus). The parts must belong to the same credential.</summary>
internal sealed record CreateFinalUpload(UploadTarget Target, IReadOnlyList<string> PartIds)
{
    public string? DocumentType { get; init; }

    public string? IfMatch { get; init; }

    public string? IfNoneMatch { get; init; }

    public string? Metadata { get; init; }

    public string? Concat { get; init; }

    public DocumentDigest? ExpectedDigest { get; init; }
}
