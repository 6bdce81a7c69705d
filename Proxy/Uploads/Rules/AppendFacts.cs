using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads.Rules;

/// <summary>What an append is checked against, under the upload's lease, before its body is read.</summary>
/// <param name="State">The upload's record.</param>
/// <param name="Offset">The upload's offset as reported to clients (<see cref="ReportedOffset"/>).</param>
/// <param name="ClientOffset">The offset the client believes the upload has.</param>
/// <param name="DeclaredLength">A total length the request declares, if any.</param>
/// <param name="BodyLength">The request body's Content-Length, if declared.</param>
/// <param name="MaxUploadSize">The largest upload accepted; 0 means no limit.</param>
internal sealed record AppendFacts(
    UploadState State, long Offset, long ClientOffset, long? DeclaredLength, long? BodyLength, long MaxUploadSize)
{
    /// <summary>The upload's length once this request's declaration is taken into account.</summary>
    public long? Length => State.Length ?? DeclaredLength;

    /// <summary>The most bytes the upload may hold: its length, else the maximum upload size.</summary>
    public long Limit => Length ?? (MaxUploadSize > 0 ? MaxUploadSize : long.MaxValue);
}
