using System.Security.Cryptography;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Staging;

public sealed class StagingAreaTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rsrp-staging-").FullName;
    private readonly StagingArea _staging;
    private readonly string _id = UploadId.NewRandom();

    public StagingAreaTests()
    {
        _staging = new StagingArea(_directory);
        _staging.CreateEmpty(_id);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AppendFromAPipe_WritesEveryBufferInOrder_AndFeedsTheDigestTheSameBytes()
    {
        // 20 MiB in 3,000-byte writes: reads hand over runs of many buffers (gathered writes), and
        // the body passes the write-back step more than once.
        var data = RandomNumberGenerator.GetBytes(20 * 1024 * 1024);
        var pipe = new System.IO.Pipelines.Pipe(new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 4 * 1024 * 1024, resumeWriterThreshold: 2 * 1024 * 1024));
        var digest = new Sha256Digest();
        var append = _staging.AppendAsync(_id, 0, pipe.Reader, long.MaxValue, Idle, digest, CancellationToken.None);
        for (var at = 0; at < data.Length; at += 3000)
        {
            await pipe.Writer.WriteAsync(data.AsMemory(at, Math.Min(3000, data.Length - at)));
        }
        await pipe.Writer.CompleteAsync();
        var result = await append;
        Assert.Equal(AppendStop.EndOfBody, result.Stop);
        Assert.Equal(data.Length, result.NewLength);
        Assert.Equal(SHA256.HashData(data), await File.ReadAllBytesAsync(_staging.PathOf(_id)).ContinueWith(t => SHA256.HashData(t.Result)));
        Assert.Equal(SHA256.HashData(data), digest.Hash());
    }

    [Fact]
    public async Task AppendFromAPipe_PastTheLimit_KeepsOnlyTheAllowedPrefix_FromTheMiddleOfARun()
    {
        var data = RandomNumberGenerator.GetBytes(100_000);
        // No back-pressure: both writes are buffered before the append reads them as one run.
        var pipe = new System.IO.Pipelines.Pipe(new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 0));
        await pipe.Writer.WriteAsync(data.AsMemory(0, 60_000));
        await pipe.Writer.WriteAsync(data.AsMemory(60_000));
        var result = await _staging.AppendAsync(_id, 0, pipe.Reader, 70_001, Idle, null, CancellationToken.None);
        Assert.Equal(AppendStop.LimitExceeded, result.Stop);
        Assert.Equal(data[..70_001], await File.ReadAllBytesAsync(_staging.PathOf(_id)));
    }

    [Fact]
    public async Task AppendFromAPipe_WhenTheBodyFails_KeepsEveryByteReceived()
    {
        var data = RandomNumberGenerator.GetBytes(150_000);
        var pipe = new System.IO.Pipelines.Pipe(new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 0));
        var append = _staging.AppendAsync(_id, 0, pipe.Reader, long.MaxValue, Idle, null, CancellationToken.None);
        await pipe.Writer.WriteAsync(data);
        // A pipe failed by its writer throws at the next read, bytes not read yet included (as
        // Kestrel's does): the bytes this test means are those the append has taken in.
        Assert.True(await Poll.UntilAsync(() => _staging.LengthOf(_id) == data.Length, TimeSpan.FromSeconds(30)));
        await pipe.Writer.CompleteAsync(new IOException("connection reset"));
        var result = await append;
        Assert.Equal(AppendStop.SourceFailed, result.Stop);
        Assert.Equal(data, await File.ReadAllBytesAsync(_staging.PathOf(_id)));
    }

    [Fact]
    public async Task AppendFromAPipe_WhenTheBodyStalls_StopsAfterTheIdleTimeoutAndKeepsBytes()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        await pipe.Writer.WriteAsync(new byte[7_000]);
        var result = await _staging.AppendAsync(_id, 0, pipe.Reader, long.MaxValue, TimeSpan.FromMilliseconds(200), null, CancellationToken.None);
        Assert.Equal(AppendStop.IdleTimeout, result.Stop);
        Assert.Equal(7_000, _staging.LengthOf(_id));
    }

    private sealed class Sha256Digest : IIncrementalDigest
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

        public byte[] Hash() => _hash.GetHashAndReset();
    }
}
