using System.Diagnostics;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// A small tmpfs that only one child process sees: the child starts in a mount namespace of its
/// own, mounts the tmpfs over a directory, then execs the real command. A real filesystem that
/// really fills up, without changing the machine's mounts, and without root where the kernel lets
/// ordinary users create namespaces. The test reaches the files through /proc/&lt;pid&gt;/root.
/// </summary>
public static class PrivateTmpfs
{
    private static readonly Lazy<string[]?> NamespacePrefix = new(FindNamespacePrefix);

    /// <summary>The launcher for <see cref="ProxyProcess.StartAsync(IReadOnlyList{string}, string, string, int, string[])"/>.</summary>
    public static IReadOnlyList<string> Launcher(string mountPoint, string size) =>
    [
        .. NamespacePrefix.Value ?? throw new InvalidOperationException(
            "Mounting a tmpfs for this test needs unprivileged user namespaces (unshare -rm) or root with " +
            "CAP_SYS_ADMIN (unshare -m); this machine allows neither."),
        "sh", "-c", $"mount -t tmpfs -o size={size} tmpfs \"$0\" && exec \"$@\"", mountPoint,
    ];

    /// <summary>Where a process that is not in the namespace finds the mounted directory.</summary>
    public static string SeenFrom(int processId, string mountPoint) => $"/proc/{processId}/root{mountPoint}";

    /// <summary>An ordinary user's namespace first (root inside it may mount), then root's own.</summary>
    private static string[]? FindNamespacePrefix()
    {
        string[][] candidates = [["unshare", "--user", "--map-root-user", "--mount"], ["unshare", "--mount"]];
        var probe = Directory.CreateTempSubdirectory("rsrp-ns-probe-").FullName;
        try
        {
            return candidates.FirstOrDefault(prefix => Succeeds([.. prefix, "sh", "-c", "mount -t tmpfs -o size=1m tmpfs \"$0\"", probe]));
        }
        finally
        {
            Directory.Delete(probe);
        }
    }

    private static bool Succeeds(string[] command)
    {
        // Only stderr is taken (where unshare and mount say why they refuse), so one pipe is read
        // to its end and the other cannot fill up meanwhile.
        var info = new ProcessStartInfo(command[0]) { RedirectStandardError = true };
        foreach (var argument in command.Skip(1)) info.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(info)!;
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no unshare on this machine
        }
    }
}
