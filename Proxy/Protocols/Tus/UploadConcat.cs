namespace RsResumeProxy.Protocols.Tus;

/// <summary>
/// The Upload-Concat request header of a creation: "partial", or "final;&lt;url&gt; &lt;url&gt; …"
/// with the partial uploads' URLs separated by single spaces, in the order their bytes form the
/// document (tus concatenation extension). A malformed value is a 400 (tus checklist EXT-CC-05).
/// </summary>
internal sealed record UploadConcat(bool IsPartial, IReadOnlyList<string> PartIds)
{
    private const string FinalPrefix = "final;";

    public bool IsFinal => !IsPartial;

    public static bool TryParse(string value, out UploadConcat? concat, out string? error)
    {
        concat = null;
        error = null;
        if (value == "partial")
        {
            concat = new UploadConcat(true, []);
            return true;
        }
        if (!value.StartsWith(FinalPrefix, StringComparison.Ordinal))
        {
            error = "Upload-Concat must be 'partial' or 'final;<url> <url> ...'.";
            return false;
        }
        var urls = value[FinalPrefix.Length..].Split(' ');
        var ids = new List<string>(urls.Length);
        foreach (var url in urls)
        {
            if (url.Length == 0)
            {
                error = "Upload-Concat final lists its URLs separated by single spaces, and at least one.";
                return false;
            }
            if (PartialUploadUrl.IdFromUrl(url) is not { } id)
            {
                error = $"'{Truncated(url)}' in Upload-Concat is not the URL of a partial upload of this server.";
                return false;
            }
            ids.Add(id);
        }
        concat = new UploadConcat(false, ids);
        return true;
    }

    private static string Truncated(string url) => url.Length <= 200 ? url : url[..200] + "…";
}
