namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>Looks at a proxy's staging directory from the outside, to wait until bytes sent on a
/// raw socket have been taken in before the test cuts the connection or kills the process.</summary>
public static class StagedFiles
{
    public static long LargestLength(string stagingDirectory) =>
        Directory.Exists(stagingDirectory)
            ? Directory.GetFiles(stagingDirectory, "*.bin").Select(f => new FileInfo(f).Length).DefaultIfEmpty(0).Max()
            : 0;

    /// <summary>Waits until some staged file holds at least <paramref name="bytes"/> (safety net 20 s).</summary>
    public static async Task WaitForAsync(string stagingDirectory, long bytes)
    {
        for (var i = 0; i < 400 && LargestLength(stagingDirectory) < bytes; i++)
        {
            await Task.Delay(50);
        }
    }
}
