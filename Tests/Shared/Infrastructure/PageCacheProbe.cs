using System.Runtime.InteropServices;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// How much of a file the kernel holds in its page cache (mmap + mincore, as util-linux's fincore
/// does), to check that staged bytes do not pile up in memory. The file must lie on a disk: tmpfs
/// (Debian's /tmp from trixie on) is the page cache itself and never gives its pages up, so tests
/// that look at residency keep their files in <see cref="DiskDirectory"/>.
/// </summary>
public static class PageCacheProbe
{
    private const int ProtRead = 1;
    private const int MapShared = 1;

    /// <summary>A new directory beside the test assemblies, on the repository's disk.</summary>
    public static string DiskDirectory(string prefix)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "page-cache", prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Bytes of <paramref name="path"/> resident in the page cache, in whole pages.</summary>
    public static long ResidentBytes(string path)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(file);
        if (length == 0)
        {
            return 0;
        }
        var page = Environment.SystemPageSize;
        // Mapping reads nothing; mincore only reports which pages are already cached.
        var map = mmap(IntPtr.Zero, (nuint)length, ProtRead, MapShared, (int)file.DangerousGetHandle(), 0);
        if (map == new IntPtr(-1))
        {
            throw new IOException($"mmap failed: errno {Marshal.GetLastPInvokeError()}");
        }
        try
        {
            var vector = new byte[(length + page - 1) / page];
            if (mincore(map, (nuint)length, vector) != 0)
            {
                throw new IOException($"mincore failed: errno {Marshal.GetLastPInvokeError()}");
            }
            return vector.LongCount(v => (v & 1) != 0) * page;
        }
        finally
        {
            munmap(map, (nuint)length);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr mmap(IntPtr address, nuint length, int protection, int flags, int fd, long offset);

    [DllImport("libc", SetLastError = true)]
    private static extern int mincore(IntPtr address, nuint length, byte[] vector);

    [DllImport("libc", SetLastError = true)]
    private static extern int munmap(IntPtr address, nuint length);
}
