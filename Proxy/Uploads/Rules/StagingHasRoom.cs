namespace RsResumeProxy.Uploads.Rules;

/// <summary>
/// A creation whose declared length (or, deferred, its body) does not fit in the staging store
/// beside the reserve is refused with 507 before any byte is taken, rather than failing half-way.
/// </summary>
internal sealed class StagingHasRoom : IUploadRule<CreationFacts>
{
    public static readonly StagingHasRoom Instance = new();

    public UploadRefusal? Check(CreationFacts facts)
    {
        var needed = facts.Length ?? facts.BodyLength ?? 0;
        return facts.AvailableBytes - facts.ReserveBytes < needed
            ? new UploadRefusal(RefusalReason.StagingFull, 507, $"The staging disk has no room for {needed} bytes; try again later.")
            : null;
    }
}
