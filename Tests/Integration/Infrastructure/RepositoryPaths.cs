namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// Locates the repository on disk so tests can reach testenv/ (the pinned node packages) and Tests/Integration/node/ (the node
/// scripts) no matter where the test binary was built or copied to.
/// </summary>
/// <remarks>
/// The root is found by walking up from <see cref="AppContext.BaseDirectory"/> (bin/Debug/net10.0/...) to the first
/// folder that contains <c>RsResumeProxy.sln</c>. Set the environment variable <c>RSRP_REPO_ROOT</c> to override
/// it; this is for test projects that compile these files but live outside the repository (for example a scratch
/// project in /tmp that checks the infrastructure without building the solution).
/// </remarks>
public static class RepositoryPaths
{
    /// <summary>Environment variable that, when set, is used as the repository root instead of searching.</summary>
    public const string RootOverrideVariable = "RSRP_REPO_ROOT";

    private const string SolutionFileName = "RsResumeProxy.sln";

    // Lazy so a wrong layout surfaces as a clear exception in the first test that needs it, not as a type
    // initializer failure that hides the message.
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>Absolute path of the repository root (the folder holding RsResumeProxy.sln).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>root/testenv: package.json + package-lock.json pinning armadietto and tus-js-client.</summary>
    public static string TestEnv => Path.Combine(Root, "testenv");

    /// <summary>root/testenv/node_modules (installed by scripts/test.sh; see <see cref="NodePackages"/>).</summary>
    public static string NodeModules => Path.Combine(TestEnv, "node_modules");

    /// <summary>root/Tests/Integration/node: the node scripts the tests run (for example tus-upload.mjs).</summary>
    public static string NodeScripts => Path.Combine(Root, "Tests", "Integration", "node");

    private static string FindRoot()
    {
        var overridden = Environment.GetEnvironmentVariable(RootOverrideVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            var full = Path.GetFullPath(overridden);
            if (!Directory.Exists(full))
            {
                throw new DirectoryNotFoundException($"{RootOverrideVariable}={overridden} does not exist.");
            }

            return full;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException(
            $"No {SolutionFileName} found above {AppContext.BaseDirectory}; set {RootOverrideVariable} to the repository root.");
    }
}
