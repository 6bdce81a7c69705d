namespace RsResumeProxy.Uploads.Rules;

/// <summary>A creation body declared longer than the upload (or the maximum upload size) is refused
/// before a byte of it is read.</summary>
internal sealed class CreationBodyFitsLength : IUploadRule<CreationFacts>
{
    public static readonly CreationBodyFitsLength Instance = new();

    public UploadRefusal? Check(CreationFacts facts) =>
        facts.BodyLength is { } body && body > facts.Limit
            ? new UploadRefusal(RefusalReason.TooLarge, 413, $"The body ({body} bytes) is longer than the upload ({facts.Limit} bytes).")
            : null;
}
