namespace RsResumeProxy.Configuration;

/// <summary>
/// Settings of the example web app, section "Examples". Off by default: a production proxy serves
/// nothing of its own. When on, only existing files under <see cref="BrowserPath"/> are answered
/// by the proxy; every other request, under that path or not, still goes to the backend.
/// </summary>
public sealed class ExamplesOptions
{
    public const string Section = "Examples";

    /// <summary>URL path the browser example is served at, e.g. "/example". Empty (the default)
    /// turns it off.</summary>
    public string BrowserPath { get; set; } = "";

    /// <summary>The folder holding the example's files. Relative paths are taken from the
    /// directory of the proxy's binaries, where the build copies examples/browser.</summary>
    public string BrowserDirectory { get; set; } = "examples/browser";

    public bool BrowserEnabled => !string.IsNullOrEmpty(BrowserPath);

    public IEnumerable<string> Validate(string storagePathPrefix)
    {
        if (!BrowserEnabled)
        {
            yield break;
        }
        var path = BrowserPath.TrimEnd('/');
        if (!BrowserPath.StartsWith('/') || path.Length == 0)
            yield return "BrowserPath must start with '/' and name a path below the root (the root belongs to the backend).";
        if (path.Length > 0 && (storagePathPrefix.StartsWith(path + "/", StringComparison.Ordinal)
            || (path + "/").StartsWith(storagePathPrefix, StringComparison.Ordinal)))
            yield return $"BrowserPath must not overlap the storage prefix {storagePathPrefix}.";
        if (path.StartsWith("/.well-known", StringComparison.OrdinalIgnoreCase))
            yield return "BrowserPath must not lie under /.well-known (WebFinger belongs to the backend).";
        if (string.IsNullOrWhiteSpace(BrowserDirectory))
            yield return "BrowserDirectory is required when BrowserPath is set.";
    }
}
