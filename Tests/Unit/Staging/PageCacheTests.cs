using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Tests.Infrastructure;
using RsResumeProxy.Uploads.Streaming;

namespace RsResumeProxy.Tests.Staging;

/// <summary>
/// Staged bytes are written once and read once: they do not stay in the page cache, neither while
/// the body arrives, nor once it is flushed, nor after a streaming commit has read them. Without
/// the drops each file below stays wholly cached (the machine has memory to spare).
/// </summary>
public sealed class PageCacheTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);
    private readonly string _directory = PageCacheProbe.DiskDirectory("rsrp-page-cache-");

    public void Dispose()
    {
        // A proxy deletes its data directory when it is disposed.
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Intake_DropsWrittenBackSteps_WhileTheBodyArrives_AndTheRestOnceFlushed()
    {
        var staging = new StagingArea(_directory);
        var id = UploadId.NewRandom();
        staging.CreateEmpty(id);
        var data = RandomNumberGenerator.GetBytes(40 * MiB);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 * MiB, resumeWriterThreshold: 2 * MiB));
        var append = staging.AppendAsync(id, 0, pipe.Reader, long.MaxValue, Idle, null, CancellationToken.None);
        for (var at = 0; at < data.Length; at += 64 * 1024)
        {
            await pipe.Writer.WriteAsync(data.AsMemory(at, 64 * 1024));
        }
        Assert.True(await Poll.UntilAsync(() => staging.LengthOf(id) == data.Length, SafetyNet));

        // Write-back steps of 1, 2, 4, then 8 MiB end at 1, 3, 7, 15, 23, 31 and 39 MiB; each ends
        // the one before it, so at most the last two steps and the bytes after them are cached.
        var whileOpen = PageCacheProbe.ResidentBytes(staging.PathOf(id));
        Assert.InRange(whileOpen, 0, 2 * WriteBack.LargestStep + 2 * MiB);

        await pipe.Writer.CompleteAsync();
        var result = await append;
        Assert.Equal(AppendStop.EndOfBody, result.Stop);
        Assert.InRange(PageCacheProbe.ResidentBytes(staging.PathOf(id)), 0, 64 * 1024);
        // The bytes themselves are all there, read back from the disk.
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await File.ReadAllBytesAsync(staging.PathOf(id))));
    }

    [Fact]
    public async Task Follower_DropsWhatItHasSent()
    {
        var path = Path.Combine(_directory, "staged.bin");
        var document = RandomNumberGenerator.GetBytes(24 * MiB + 123);
        await using (var file = new FileStream(path, FileMode.CreateNew))
        {
            await file.WriteAsync(document);
            file.Flush(flushToDisk: true);
        }
        // Written and flushed, the whole file is cached to begin with (in whole pages).
        var page = Environment.SystemPageSize;
        Assert.Equal((document.Length + page - 1) / page * page, PageCacheProbe.ResidentBytes(path));

        using var follower = new StagedFileFollower(path, document.Length, null);
        follower.Release();
        var sent = new MemoryStream();
        await follower.CopyToAsync(sent);
        Assert.Equal(document, sent.ToArray());
        Assert.InRange(PageCacheProbe.ResidentBytes(path), 0, 64 * 1024);
    }

    [Fact]
    public async Task ThroughTheProxy_AnAcknowledgedPatch_LeavesItsBytesOnTheDiskOnly()
    {
        // No PUT ahead: nothing but the intake touches the staged file.
        var resident = await ResidentAfterAPatchAsync("ResumableUploads:CommitAheadIdleTimeout=00:00:00");
        Assert.InRange(resident, 0, 64 * 1024);
    }

    [Fact]
    public async Task ThroughTheProxy_WithAPutAhead_ThePutKeepsLessThanAStepCached()
    {
        // The first request starts the PUT ahead (the default), which reads the staged file behind
        // the intake and may re-read pages the intake has just dropped; it drops them again every
        // ForgetStep, so what stays cached is less than one step and the kernel's read-ahead.
        var resident = await ResidentAfterAPatchAsync();
        Assert.InRange(resident, 0, StagedFileFollower.ForgetStep + 2 * MiB);
    }

    /// <summary>POST + one 24 MiB PATCH of an upload declared one byte longer, so that the PATCH
    /// completes nothing and the staged file stays; then how much of that file is cached.</summary>
    private async Task<long> ResidentAfterAPatchAsync(params string[] settings)
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartInAsync(_directory, backend.Origin, settings);
        using var http = new TusHttp("t");
        var url = proxy.Origin + "/storage/a/large.bin";
        var body = RandomNumberGenerator.GetBytes(24 * MiB);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, body.Length + 1)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.PatchAsync(url, 0, body)).StatusCode);
        var staged = Assert.Single(Directory.GetFiles(proxy.StagingDirectory, "*.bin"));
        Assert.Equal(body.Length, new FileInfo(staged).Length);
        // Read while the proxy runs: disposing it deletes its data directory.
        return PageCacheProbe.ResidentBytes(staged);
    }
}
