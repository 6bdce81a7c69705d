using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads;

/// <summary>Append <see cref="Body"/> to the upload at <see cref="Target"/>, whose offset the client
/// believes is <see cref="ClientOffset"/>; commit when the upload becomes complete.</summary>
internal sealed record AppendToUpload(UploadTarget Target, long ClientOffset)
{
    /// <summary>A length the request declares: sets a deferred one, and must agree with a known one.</summary>
    public long? DeclaredLength { get; init; }

    /// <summary>The length becomes the offset reached when the body ends normally.</summary>
    public bool CompleteAtEndOfBody { get; init; }

    public UploadBody? Body { get; init; }

    /// <summary>Called once the upload is open and checked, before a byte of the body is read.</summary>
    public Func<UploadState, ValueTask>? BeforeBody { get; init; }
}
