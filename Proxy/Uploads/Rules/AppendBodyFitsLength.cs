namespace RsResumeProxy.Uploads.Rules;

/// <summary>A body declared longer than what the upload can still take is refused before a byte
/// is read; a chunked one is cut off at the limit while it streams.</summary>
internal sealed class AppendBodyFitsLength : IUploadRule<AppendFacts>
{
    public static readonly AppendBodyFitsLength Instance = new();

    public UploadRefusal? Check(AppendFacts facts) =>
        facts.BodyLength is { } body && body > facts.Limit - facts.Offset
            ? new UploadRefusal(RefusalReason.TooLarge, 413,
                $"The body ({body} bytes) goes past the upload's length or the maximum upload size ({facts.Limit}).") { CloseConnection = true }
            : null;
}
