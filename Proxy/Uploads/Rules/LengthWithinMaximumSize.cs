using System.Globalization;

namespace RsResumeProxy.Uploads.Rules;

/// <summary>A declared length past the maximum upload size is refused before anything is staged
/// (tus: 413 past Tus-Max-Size).</summary>
internal sealed class LengthWithinMaximumSize : IUploadRule<CreationFacts>, IUploadRule<AppendFacts>
{
    public static readonly LengthWithinMaximumSize Instance = new();

    public UploadRefusal? Check(CreationFacts facts) => Check(facts.Length, facts.MaxUploadSize);

    /// <summary>Only a length declared now counts: one the upload already has was checked when declared.</summary>
    public UploadRefusal? Check(AppendFacts facts) => facts.State.Length is null ? Check(facts.DeclaredLength, facts.MaxUploadSize) : null;

    private static UploadRefusal? Check(long? length, long maxUploadSize) =>
        length is { } declared && maxUploadSize > 0 && declared > maxUploadSize
            ? new UploadRefusal(RefusalReason.TooLarge, 413,
                $"Upload-Length exceeds the maximum upload size of {maxUploadSize.ToString(CultureInfo.InvariantCulture)} bytes.")
            : null;
}
