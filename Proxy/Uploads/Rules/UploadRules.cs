namespace RsResumeProxy.Uploads.Rules;

/// <summary>The rules of an append and of a creation, in the order they are checked.</summary>
internal static class UploadRules
{
    public static readonly IReadOnlyList<IUploadRule<CreationFacts>> Creation =
    [
        CreationAddressesADocument.Instance,
        LengthWithinMaximumSize.Instance,
        CreationBodyFitsLength.Instance,
        StagingHasRoom.Instance,
    ];

    public static readonly IReadOnlyList<IUploadRule<AppendFacts>> Append =
    [
        FinalTakesNoBytes.Instance,
        ClientOffsetMatchesUpload.Instance,
        DeclaredLengthAgreesWithUpload.Instance,
        LengthWithinMaximumSize.Instance,
        AppendBodyFitsLength.Instance,
    ];
}
