namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// A small tmpfs that only one child process sees: the child starts in a mount namespace of its
/// own, mounts the tmpfs over a directory, then execs the real command. A real filesystem that
/// really fills up, without changing the machine's mounts, and without root where the kernel lets
/// ordinary users create namespaces. The test reaches the files through /proc/&lt;pid&gt;/root.
/// </summary>
public static class PrivateTmpfs
{
    // Probed once per test run: whether this machine lets us mount does not change meanwhile.
    private static readonly Lazy<Task<string[]?>> NamespacePrefix = new(FindNamespacePrefixAsync);

    // unshare and mount answer at once; the bound only stops a hang.
    private static readonly TimeSpan ProbeLimit = TimeSpan.FromSeconds(30);

    /// <summary>The launcher for <see cref="ProxyProcess.StartAsync(IReadOnlyList{string}, string, string, int, string[])"/>.</summary>
    public static async Task<IReadOnlyList<string>> LauncherAsync(string mountPoint, string size) =>
    [
        .. await NamespacePrefix.Value ?? throw new InvalidOperationException(
            "Mounting a tmpfs for this test needs unprivileged user namespaces (unshare -rm) or root with " +
            "CAP_SYS_ADMIN (unshare -m); this machine allows neither."),
        "sh", "-c", $"mount -t tmpfs -o size={size} tmpfs \"$0\" && exec \"$@\"", mountPoint,
    ];

    /// <summary>Where a process that is not in the namespace finds the mounted directory.</summary>
    public static string SeenFrom(int processId, string mountPoint) => $"/proc/{processId}/root{mountPoint}";

    /// <summary>An ordinary user's namespace first (root inside it may mount), then root's own.</summary>
    private static async Task<string[]?> FindNamespacePrefixAsync()
    {
        string[][] candidates = [["unshare", "--user", "--map-root-user", "--mount"], ["unshare", "--mount"]];
        var probe = Directory.CreateTempSubdirectory("rsrp-ns-probe-").FullName;
        try
        {
            foreach (var prefix in candidates)
            {
                if (await SucceedsAsync([.. prefix, "sh", "-c", "mount -t tmpfs -o size=1m tmpfs \"$0\"", probe]))
                {
                    return prefix;
                }
            }
            return null;
        }
        finally
        {
            Directory.Delete(probe);
        }
    }

    private static async Task<bool> SucceedsAsync(string[] command)
    {
        try
        {
            await using var process = await ChildProcess.RunAsync(command, ProbeLimit);
            return process.ExitCode == 0;
        }
        catch (InvalidOperationException)
        {
            return false; // no unshare on this machine
        }
    }
}
