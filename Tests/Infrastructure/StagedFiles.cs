namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>Looks at a proxy's staging directory from the outside, to wait until bytes sent on a
/// raw socket have been taken in before the test cuts the connection or kills the process.</summary>
public static class StagedFiles
{
    public static long LargestLength(string stagingDirectory) =>
        Directory.Exists(stagingDirectory)
            ? Directory.GetFiles(stagingDirectory, "*.bin").Select(f => new FileInfo(f).Length).DefaultIfEmpty(0).Max()
            : 0;

    /// <summary>How many staged files hold at least <paramref name="bytes"/>.</summary>
    public static int CountHolding(string stagingDirectory, long bytes) =>
        Directory.Exists(stagingDirectory)
            ? Directory.GetFiles(stagingDirectory, "*.bin").Count(f => new FileInfo(f).Length >= bytes)
            : 0;

    /// <summary>Waits until <paramref name="files"/> staged files hold at least <paramref name="bytes"/>
    /// each (safety net 20 s).</summary>
    public static async Task WaitForFilesAsync(string stagingDirectory, int files, long bytes)
    {
        for (var i = 0; i < 400 && CountHolding(stagingDirectory, bytes) < files; i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until some staged file holds at least <paramref name="bytes"/> (safety net 20 s).</summary>
    public static async Task WaitForAsync(string stagingDirectory, long bytes)
    {
        for (var i = 0; i < 400 && LargestLength(stagingDirectory) < bytes; i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the staged file <paramref name="path"/> holds at least <paramref name="bytes"/>
    /// (safety net 20 s).</summary>
    public static async Task WaitForLengthAsync(string path, long bytes)
    {
        for (var i = 0; i < 400 && (!File.Exists(path) || new FileInfo(path).Length < bytes); i++)
        {
            await Task.Delay(50);
        }
    }
}
