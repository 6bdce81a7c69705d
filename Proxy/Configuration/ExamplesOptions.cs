using System.ComponentModel.DataAnnotations;

namespace RsResumeProxy.Configuration;

/// <summary>
/// Settings of the example web app, section "Examples". Off by default: a production proxy serves
/// nothing of its own. When on, only existing files under <see cref="BrowserPath"/> are answered
/// by the proxy; every other request, under that path or not, still goes to the backend.
/// </summary>
public sealed class ExamplesOptions : IValidatableObject
{
    public const string Section = "Examples";

    /// <summary>URL path the browser example is served at, e.g. "/example". Empty (the default)
    /// turns it off.</summary>
    public string BrowserPath { get; set; } = "";

    /// <summary>The folder holding the example's files. Relative paths are taken from the
    /// directory of the proxy's binaries, where the build copies examples/browser.</summary>
    public string BrowserDirectory { get; set; } = "examples/browser";

    public bool BrowserEnabled => !string.IsNullOrEmpty(BrowserPath);

    /// <summary>Example paths that would take requests from the backend.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!BrowserEnabled)
            yield break;
        var path = BrowserPath.TrimEnd('/');
        if (!BrowserPath.StartsWith('/') || path.Length == 0)
            yield return new("Examples:BrowserPath must start with '/' and name a path below the root (the root belongs to the backend).", [nameof(BrowserPath)]);
        if (path.StartsWith("/.well-known", StringComparison.OrdinalIgnoreCase))
            yield return new("Examples:BrowserPath must not lie under /.well-known (WebFinger belongs to the backend).", [nameof(BrowserPath)]);
        if (string.IsNullOrWhiteSpace(BrowserDirectory))
            yield return new("Examples:BrowserDirectory is required when Examples:BrowserPath is set.", [nameof(BrowserDirectory)]);
    }

    /// <summary>Whether the example path and the storage prefix (a setting of another section,
    /// checked by <see cref="StoragePrefixGuard"/>) overlap.</summary>
    public bool Overlaps(string storagePathPrefix)
    {
        var path = BrowserPath.TrimEnd('/');
        return BrowserEnabled && path.Length > 0 && (storagePathPrefix.StartsWith(path + "/", StringComparison.Ordinal)
            || (path + "/").StartsWith(storagePathPrefix, StringComparison.Ordinal));
    }
}
