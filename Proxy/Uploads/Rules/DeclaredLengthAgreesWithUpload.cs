namespace RsResumeProxy.Uploads.Rules;

/// <summary>A length declared on an append must be the upload's, once it has one, and can never
/// be below the bytes already staged.</summary>
internal sealed class DeclaredLengthAgreesWithUpload : IUploadRule<AppendFacts>
{
    public static readonly DeclaredLengthAgreesWithUpload Instance = new();

    public UploadRefusal? Check(AppendFacts facts)
    {
        if (facts.DeclaredLength is not { } declared)
        {
            return null;
        }
        if (facts.State.Length is { } known)
        {
            return known != declared
                ? new UploadRefusal(RefusalReason.LengthMismatch, 400, $"Upload-Length {declared} differs from the upload's length {known}.")
                : null;
        }
        return declared < facts.Offset
            ? new UploadRefusal(RefusalReason.LengthMismatch, 400, $"Upload-Length {declared} is smaller than the bytes already received ({facts.Offset}).")
            : null;
    }
}
