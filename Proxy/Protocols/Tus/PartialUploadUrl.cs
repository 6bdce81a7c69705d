using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Protocols.Tus;

/// <summary>
/// The URL of a partial upload (concatenation extension): the document URL it was created at plus
/// <c>?tus-part=&lt;id&gt;</c>, the id being 160 random bits. It stays under the storage prefix,
/// so a browser's CORS preflight for it is answered like any other storage path, and only tus
/// requests (which the proxy always takes over) ever use it: the backend never sees it.
/// tus-js-client POSTs each part to the document URL (its endpoint), uses the returned Location for
/// HEAD and PATCH, and lists those URLs, made absolute, in the final's Upload-Concat.
/// </summary>
internal static class PartialUploadUrl
{
    public const string QueryName = "tus-part";

    public static string For(string documentPath, string partId) => $"{documentPath}?{QueryName}={partId}";

    /// <summary>Whether <paramref name="query"/> (without '?') names a partial upload, and which.
    /// <paramref name="id"/> is null when the parameter is present but not a well-formed id.</summary>
    public static bool TryGetFromQuery(string query, out string? id)
    {
        id = null;
        foreach (var pair in query.Split('&'))
        {
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            if (name == QueryName)
            {
                var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
                id = UploadId.IsWellFormed(value) ? value : null;
                return true;
            }
        }
        return false;
    }

    /// <summary>The part id in one URL of an Upload-Concat final list (absolute or relative), or
    /// null when the URL names no partial upload.</summary>
    public static string? IdFromUrl(string url)
    {
        var question = url.IndexOf('?');
        if (question < 0)
        {
            return null;
        }
        var query = url[(question + 1)..];
        var hash = query.IndexOf('#');
        if (hash >= 0)
        {
            query = query[..hash];
        }
        return TryGetFromQuery(query, out var id) ? id : null;
    }
}
