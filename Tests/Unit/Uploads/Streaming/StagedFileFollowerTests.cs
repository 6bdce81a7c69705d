using System.Security.Cryptography;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads.Streaming;

namespace RsResumeProxy.Tests.Uploads.Streaming;

/// <summary>The body of a streaming commit: reads behind the writer, never the last byte before release.</summary>
public sealed class StagedFileFollowerTests : IDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("rsrp-follower-").FullName, "staged.bin");
    private readonly byte[] _document = RandomNumberGenerator.GetBytes(10_000);

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);

    [Fact]
    public async Task ReadsWhatIsStaged_HoldsTheLastByteBack_UntilReleased()
    {
        await File.WriteAllBytesAsync(_path, _document);
        using var follower = new StagedFileFollower(_path, _document.Length, null);
        var buffer = new byte[_document.Length];
        var first = await follower.ReadAsync(buffer);
        Assert.Equal(_document.Length - 1, first);

        var last = follower.ReadAsync(buffer.AsMemory(first)).AsTask();
        Assert.False(last.IsCompleted);
        follower.Release();
        Assert.Equal(1, await last.WaitAsync(SafetyNet));
        Assert.Equal(_document, buffer);
        Assert.Equal(0, await follower.ReadAsync(buffer));
    }

    [Fact]
    public async Task FollowsTheFileAsItGrows_InRunsOfAtLeastMinRun()
    {
        var document = RandomNumberGenerator.GetBytes(3 * StagedFileFollower.MinRun);
        var first = StagedFileFollower.MinRun + 10;
        await File.WriteAllBytesAsync(_path, document[..first]);
        using var follower = new StagedFileFollower(_path, document.Length, null);
        var buffer = new byte[document.Length];
        Assert.Equal(first, await follower.ReadAsync(buffer));

        // A few bytes more do not make a run worth a write to the backend: the read keeps waiting.
        await AppendAsync(document.AsMemory(first, 100));
        follower.Advance(first + 100);
        var waiting = follower.ReadAsync(buffer.AsMemory(first)).AsTask();
        follower.Advance(first + 100);
        Assert.False(waiting.IsCompleted);

        await AppendAsync(document.AsMemory(first + 100));
        follower.Advance(document.Length);
        Assert.Equal(document.Length - 1 - first, await waiting.WaitAsync(SafetyNet));
        Assert.Equal(document[..^1], buffer[..^1]);
    }

    [Fact]
    public async Task AShortStagedPrefix_GoesOnceTheBodyIsReleased()
    {
        await File.WriteAllBytesAsync(_path, _document);
        using var follower = new StagedFileFollower(_path, _document.Length + 5, null);
        var buffer = new byte[_document.Length + 5];
        var waiting = follower.ReadAsync(buffer).AsTask();
        Assert.False(waiting.IsCompleted);
        await AppendAsync(new byte[5]);
        follower.Release();
        Assert.Equal(_document.Length + 5, await waiting.WaitAsync(SafetyNet));
    }

    private async Task AppendAsync(ReadOnlyMemory<byte> bytes)
    {
        await using var file = new FileStream(_path, FileMode.Append);
        await file.WriteAsync(bytes);
    }

    [Fact]
    public async Task Abort_FailsTheWaitingRead()
    {
        await File.WriteAllBytesAsync(_path, _document[..3000]);
        using var follower = new StagedFileFollower(_path, _document.Length, null);
        var buffer = new byte[_document.Length];
        // 3000 bytes are less than a run: the read waits for more.
        var waiting = follower.ReadAsync(buffer).AsTask();
        Assert.False(waiting.IsCompleted);
        follower.Abort();
        await Assert.ThrowsAsync<IOException>(() => waiting.WaitAsync(SafetyNet));
    }

    [Fact]
    public async Task ADigestMismatch_FailsTheReadThatWouldCarryTheLastByte()
    {
        await File.WriteAllBytesAsync(_path, _document);
        var wrong = new DocumentDigest("sha-256", SHA256.HashData(_document[..^1]));
        using var follower = new StagedFileFollower(_path, _document.Length, wrong);
        var buffer = new byte[_document.Length];
        var sent = await follower.ReadAsync(buffer);
        follower.Release();
        await Assert.ThrowsAsync<IOException>(() => follower.ReadAsync(buffer.AsMemory(sent)).AsTask());
        Assert.True(follower.DigestMismatched);
    }

    [Fact]
    public async Task AMatchingDigest_LetsTheLastByteGo()
    {
        await File.WriteAllBytesAsync(_path, _document);
        using var follower = new StagedFileFollower(_path, _document.Length, new DocumentDigest("sha-256", SHA256.HashData(_document)));
        follower.Release();
        using var copy = new MemoryStream();
        await follower.CopyToAsync(copy);
        Assert.Equal(_document, copy.ToArray());
        Assert.False(follower.DigestMismatched);
    }
}
