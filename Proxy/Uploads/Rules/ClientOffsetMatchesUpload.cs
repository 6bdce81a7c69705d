namespace RsResumeProxy.Uploads.Rules;

/// <summary>An append must start where the upload ends (tus: 409 with the current offset; the
/// IETF draft: 409 too), so bytes are never written twice or with a gap.</summary>
internal sealed class ClientOffsetMatchesUpload : IUploadRule<AppendFacts>
{
    public static readonly ClientOffsetMatchesUpload Instance = new();

    public UploadRefusal? Check(AppendFacts facts) =>
        facts.ClientOffset != facts.Offset
            ? new UploadRefusal(RefusalReason.OffsetMismatch, 409, $"Upload-Offset {facts.ClientOffset} does not match the upload's offset {facts.Offset}.")
            {
                Offset = facts.Offset,
                CloseConnection = true,
            }
            : null;
}
