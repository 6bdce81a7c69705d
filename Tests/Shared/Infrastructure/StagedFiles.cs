namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>Looks at a proxy's staging directory from the outside, to wait until bytes sent on a
/// raw socket have been taken in before the test cuts the connection or kills the process.
/// Each wait gives up after 20 s and leaves it to the test's next assertion to fail.</summary>
public static class StagedFiles
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(20);

    public static long LargestLength(string stagingDirectory) =>
        Directory.Exists(stagingDirectory)
            ? Directory.GetFiles(stagingDirectory, "*.bin").Select(f => new FileInfo(f).Length).DefaultIfEmpty(0).Max()
            : 0;

    /// <summary>How many staged files hold at least <paramref name="bytes"/>.</summary>
    public static int CountHolding(string stagingDirectory, long bytes) =>
        Directory.Exists(stagingDirectory)
            ? Directory.GetFiles(stagingDirectory, "*.bin").Count(f => new FileInfo(f).Length >= bytes)
            : 0;

    /// <summary>Waits until <paramref name="files"/> staged files hold at least <paramref name="bytes"/> each.</summary>
    public static Task WaitForFilesAsync(string stagingDirectory, int files, long bytes) =>
        Poll.UntilAsync(() => CountHolding(stagingDirectory, bytes) >= files, SafetyNet);

    /// <summary>Waits until some staged file holds at least <paramref name="bytes"/>.</summary>
    public static Task WaitForAsync(string stagingDirectory, long bytes) =>
        Poll.UntilAsync(() => LargestLength(stagingDirectory) >= bytes, SafetyNet);

    /// <summary>Waits until the staged file <paramref name="path"/> holds at least <paramref name="bytes"/>.</summary>
    public static Task WaitForLengthAsync(string path, long bytes) =>
        Poll.UntilAsync(() => File.Exists(path) && new FileInfo(path).Length >= bytes, SafetyNet);
}
