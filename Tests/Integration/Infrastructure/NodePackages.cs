namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// The pinned node packages in testenv (armadietto, tus-js-client, remotestoragejs, playwright-core).
/// Installing them is the test command's job (scripts/test.sh, .ci/run), not a test's: a test that
/// needs them and finds them missing or stale stops at once and names the command to run.
/// </summary>
public static class NodePackages
{
    public const string InstallCommand = "npm ci --prefix testenv --no-audit --no-fund";

    /// <summary>Throws when testenv/node_modules is missing or older than testenv/package-lock.json
    /// (the same test scripts/test.sh makes before it installs).</summary>
    public static void RequireInstalled()
    {
        var lockFile = new FileInfo(Path.Combine(RepositoryPaths.TestEnv, "package-lock.json"));
        if (!lockFile.Exists)
        {
            throw new FileNotFoundException("testenv/package-lock.json is missing; the node test dependencies are not pinned.", lockFile.FullName);
        }
        // npm's own record of what it installed.
        var installed = new FileInfo(Path.Combine(RepositoryPaths.NodeModules, ".package-lock.json"));
        if (!installed.Exists)
        {
            throw new InvalidOperationException(
                $"The node test packages are not installed ({installed.FullName} is missing). Run `{InstallCommand}` in {RepositoryPaths.Root}, or scripts/test.sh, which does it.");
        }
        if (installed.LastWriteTimeUtc < lockFile.LastWriteTimeUtc)
        {
            throw new InvalidOperationException(
                $"The node test packages are older than testenv/package-lock.json. Run `{InstallCommand}` in {RepositoryPaths.Root}, or scripts/test.sh, which does it.");
        }
    }
}
