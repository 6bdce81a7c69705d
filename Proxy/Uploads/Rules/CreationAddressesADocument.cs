namespace RsResumeProxy.Uploads.Rules;

/// <summary>
/// An upload becomes a document, so it is created at a document URL: not at a folder (trailing
/// slash), not at the storage root or a user's root (<c>/storage/alice</c> is the user's root
/// folder, which the backend refuses to PUT at commit, forever), not at a path with an empty
/// segment, and not at a partial upload's URL.
/// </summary>
internal sealed class CreationAddressesADocument : IUploadRule<CreationFacts>
{
    public static readonly CreationAddressesADocument Instance = new();

    public UploadRefusal? Check(CreationFacts facts)
    {
        if (facts.IsPart)
        {
            return new UploadRefusal(RefusalReason.NotADocument, 400, "This URL names a partial upload; create uploads at the document URL.");
        }
        if (!StoragePath.NamesDocument(facts.DocumentPath, facts.StoragePathPrefix))
        {
            return new UploadRefusal(RefusalReason.NotADocument, 400,
                "Resumable uploads create documents; this URL names a folder, a user's root or no document at all.");
        }
        return null;
    }
}
