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
        if (!NamesDocument(facts.DocumentPath, facts.StoragePathPrefix))
        {
            return new UploadRefusal(RefusalReason.NotADocument, 400,
                "Resumable uploads create documents; this URL names a folder, a user's root or no document at all.");
        }
        return null;
    }

    /// <summary>RS paths are <c>&lt;prefix&gt;&lt;user&gt;/&lt;path&gt;</c> with non-empty segments;
    /// a folder ends with '/'. The prefix itself, the user's root with or without its slash, a
    /// folder, and a path with an empty segment are never documents (armadietto answers a PUT there
    /// with 400), so an upload created there could never be committed.</summary>
    public static bool NamesDocument(string path, string storagePrefix)
    {
        if (!path.StartsWith(storagePrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = path.AsSpan(storagePrefix.Length);
        if (!storagePrefix.EndsWith('/'))
        {
            if (rest.IsEmpty || rest[0] != '/') return false;
            rest = rest[1..];
        }
        var segments = 0;
        foreach (var range in rest.Split('/'))
        {
            if (range.End.Value == range.Start.Value)
            {
                return false; // empty segment: "//", a leading or a trailing '/'
            }
            segments++;
        }
        return segments >= 2; // the user, then at least one name
    }
}
