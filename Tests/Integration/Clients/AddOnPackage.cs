using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Clients;

/// <summary>clients/remotestorage-resumable as the tests use it: its ES module (with its own
/// node_modules, for tus-js-client) and its browser bundle, both made by
/// <c>npm ci --prefix clients/remotestorage-resumable</c>, which scripts/test.sh runs.</summary>
public static class AddOnPackage
{
    public static string Directory => Path.Combine(RepositoryPaths.Root, "clients", "remotestorage-resumable");

    public static string Bundle => Path.Combine(Directory, "dist", "remotestorage-resumable.js");

    /// <summary>Fails the test with what to run when the package is not installed and built.</summary>
    public static void AssertInstalled()
    {
        var tus = Path.Combine(Directory, "node_modules", "tus-js-client", "package.json");
        Assert.True(File.Exists(tus) && File.Exists(Bundle),
            $"The add-on is not installed: run 'npm ci --prefix clients/remotestorage-resumable' (missing {(File.Exists(tus) ? Bundle : tus)}).");
    }
}
