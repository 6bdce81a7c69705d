namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// examples/browser as a folder the proxy can serve: its own files, plus in lib/ the two browser
/// bundles its "npm ci" would copy there, taken from testenv (which pins the same versions, see
/// ExamplePackageTests) so the tests need no second npm install.
/// </summary>
public static class ExamplePage
{
    public static string SourceDirectory => Path.Combine(RepositoryPaths.Root, "examples", "browser");

    /// <summary>Bundle in testenv/node_modules → file name under lib/ (as examples/browser/copy-libs.mjs).</summary>
    public static readonly (string From, string To)[] Bundles =
    [
        ("remotestoragejs/release/remotestorage.js", "remotestorage.js"),
        ("tus-js-client/dist/tus.min.js", "tus.min.js"),
    ];

    /// <summary>Copies the page into a new temporary folder and returns it; the caller deletes it.</summary>
    public static async Task<string> AssembleAsync()
    {
        NodePackages.RequireInstalled();
        var directory = Directory.CreateTempSubdirectory("rsrp-example-").FullName;
        foreach (var file in new[] { "index.html", "app.js", "style.css" })
        {
            File.Copy(Path.Combine(SourceDirectory, file), Path.Combine(directory, file));
        }
        Directory.CreateDirectory(Path.Combine(directory, "lib"));
        foreach (var (from, to) in Bundles)
        {
            File.Copy(Path.Combine(RepositoryPaths.NodeModules, from), Path.Combine(directory, "lib", to));
        }
        return directory;
    }
}
