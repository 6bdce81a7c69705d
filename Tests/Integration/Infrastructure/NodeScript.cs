namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// Runs a node script (for example Tests/Integration/node/tus-upload.mjs) the way the tests need it: against the packages
/// pinned in testenv, configured by environment variables, with its output captured for assertions.
/// </summary>
public static class NodeScript
{
    // Only a safety net so a wedged client cannot hang the test run forever; tests must not rely on it for timing.
    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Runs <c>node scriptPath args...</c> with the working directory testenv and NODE_PATH = testenv/node_modules,
    /// and waits for it to exit. A relative <paramref name="scriptPath"/> is taken relative to the repository root
    /// (not to testenv), e.g. <c>"Tests/Integration/node/tus-upload.mjs"</c>. <paramref name="env"/> is added to (and
    /// overrides) the test process's environment. The process is killed and a <see cref="TimeoutException"/>
    /// thrown if it runs longer than 10 minutes.
    /// </summary>
    /// <remarks>
    /// For ES modules node resolves bare imports from the script's own folder, never from the working directory or
    /// NODE_PATH; scripts under Tests/Integration/node therefore load packages with <c>createRequire</c> anchored at the working
    /// directory (see tus-upload.mjs). NODE_PATH covers CommonJS scripts and createRequire fallbacks.
    /// </remarks>
    public static async Task<NodeResult> RunAsync(string scriptPath, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(scriptPath);
        ArgumentNullException.ThrowIfNull(env);

        NodePackages.RequireInstalled();

        var fullScript = Path.GetFullPath(scriptPath, RepositoryPaths.Root);
        if (!File.Exists(fullScript))
        {
            throw new FileNotFoundException($"Node script not found: {fullScript}", fullScript);
        }

        var inheritedNodePath = Environment.GetEnvironmentVariable("NODE_PATH");
        var environment = new Dictionary<string, string>
        {
            ["NODE_PATH"] = string.IsNullOrEmpty(inheritedNodePath)
                ? RepositoryPaths.NodeModules
                : RepositoryPaths.NodeModules + Path.PathSeparator + inheritedNodePath,
        };
        foreach (var (key, value) in env)
        {
            environment[key] = value;
        }

        await using var process = await ChildProcess.RunAsync(["node", fullScript, .. args], HangLimit, RepositoryPaths.TestEnv, environment);
        return new NodeResult(process.ExitCode, process.StdOut, process.StdErr);
    }
}
