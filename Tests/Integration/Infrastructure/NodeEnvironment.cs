using System.Diagnostics;
using System.Text;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// Makes sure testenv/node_modules matches testenv/package-lock.json before any test starts node, so a fresh clone
/// (or CI on a new machine) needs no manual <c>npm ci</c> and everyone runs the same pinned armadietto and
/// tus-js-client.
/// </summary>
public static class NodeEnvironment
{
    // npm ci downloads about 230 packages; on a slow registry that can take minutes, and a parallel test process
    // waits for the lock at most this long before giving up.
    private static readonly TimeSpan LockWaitLimit = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan NpmTimeLimit = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(250);

    // One install attempt per process at a time; after a success later calls return at once.
    private static readonly SemaphoreSlim ProcessGate = new(1, 1);
    private static volatile bool installed;

    /// <summary>
    /// Runs <c>npm ci --no-audit --no-fund</c> in testenv when node_modules/.package-lock.json (npm's record of what
    /// is installed) is missing or older than package-lock.json. Safe to call from every test: it is cheap when
    /// nothing needs installing, runs npm at most once per process, and serialises concurrent test processes with
    /// an exclusive lock on testenv/.install.lock. Throws <see cref="InvalidOperationException"/> with npm's output
    /// when npm fails.
    /// </summary>
    public static async Task EnsureInstalledAsync()
    {
        if (installed)
        {
            return;
        }

        await ProcessGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (installed)
            {
                return;
            }

            if (!NeedsInstall())
            {
                installed = true;
                return;
            }

            // Another test process (xunit runs test assemblies in parallel) may be running npm ci right now; npm ci
            // deletes node_modules first, so two at once would corrupt each other.
            using (await AcquireLockAsync().ConfigureAwait(false))
            {
                // Re-check under the lock: the other process may have finished the install while we waited.
                if (NeedsInstall())
                {
                    await RunNpmCiAsync().ConfigureAwait(false);
                }
            }

            installed = true;
        }
        finally
        {
            ProcessGate.Release();
        }
    }

    private static bool NeedsInstall()
    {
        var lockFile = new FileInfo(Path.Combine(RepositoryPaths.TestEnv, "package-lock.json"));
        if (!lockFile.Exists)
        {
            throw new FileNotFoundException("testenv/package-lock.json is missing; the node test dependencies are not pinned.", lockFile.FullName);
        }

        var marker = new FileInfo(Path.Combine(RepositoryPaths.NodeModules, ".package-lock.json"));
        return !marker.Exists || marker.LastWriteTimeUtc < lockFile.LastWriteTimeUtc;
    }

    private static async Task<FileStream> AcquireLockAsync()
    {
        var path = Path.Combine(RepositoryPaths.TestEnv, ".install.lock");
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock() on Unix and a share-mode lock on Windows, and the OS drops
                // it when the process dies, so a crashed test run cannot leave the lock held.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < LockWaitLimit)
            {
                await Task.Delay(LockRetryDelay).ConfigureAwait(false);
            }
        }
    }

    private static async Task RunNpmCiAsync()
    {
        var psi = new ProcessStartInfo
        {
            // npm is a .cmd shim on Windows, which Process cannot start without the extension.
            FileName = OperatingSystem.IsWindows() ? "npm.cmd" : "npm",
            WorkingDirectory = RepositoryPaths.TestEnv,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("ci");
        psi.ArgumentList.Add("--no-audit");
        psi.ArgumentList.Add("--no-fund");

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new InvalidOperationException($"Could not start npm in {RepositoryPaths.TestEnv} (is node/npm installed and on PATH?): {ex.Message}", ex);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        using var timeout = new CancellationTokenSource(NpmTimeLimit);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        var output = new StringBuilder()
            .AppendLine(await stdout.ConfigureAwait(false))
            .AppendLine(await stderr.ConfigureAwait(false))
            .ToString();

        if (timeout.IsCancellationRequested)
        {
            throw new InvalidOperationException($"npm ci in {RepositoryPaths.TestEnv} did not finish within {NpmTimeLimit}; output:\n{output}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {RepositoryPaths.TestEnv} failed with exit code {process.ExitCode}; output:\n{output}");
        }

        // npm writes the marker during the install; stamp it now so it is never older than package-lock.json
        // merely because of clock granularity, which would trigger a reinstall on every run.
        var marker = Path.Combine(RepositoryPaths.NodeModules, ".package-lock.json");
        if (!File.Exists(marker))
        {
            throw new InvalidOperationException($"npm ci succeeded but {marker} is missing; output:\n{output}");
        }

        File.SetLastWriteTimeUtc(marker, DateTime.UtcNow);
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
