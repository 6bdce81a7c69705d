namespace RsResumeProxy.Uploads;

/// <summary>What a raw storage path says: whether it can name a document, and whose storage it is in.</summary>
internal static class StoragePath
{
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

    /// <summary>The RS user a storage path names (the segment after the prefix), or null.</summary>
    public static string? UserOf(string path, string storagePrefix)
    {
        if (!path.StartsWith(storagePrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = path[storagePrefix.Length..].TrimStart('/');
        var slash = rest.IndexOf('/');
        return slash > 0 ? rest[..slash] : null;
    }
}
