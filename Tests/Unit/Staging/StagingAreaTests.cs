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
    public async Task Append_WritesTheBodyAndReportsTheNewLength()
    {
        var data = RandomNumberGenerator.GetBytes(200_000);
        var result = await _staging.AppendAsync(_id, 0, new MemoryStream(data), long.MaxValue, Idle, null, CancellationToken.None);
        Assert.Equal(AppendStop.EndOfBody, result.Stop);
        Assert.Equal(200_000, result.NewLength);
        Assert.Equal(data, await File.ReadAllBytesAsync(_staging.PathOf(_id)));
    }

    [Fact]
    public async Task Append_PastTheLimit_KeepsOnlyTheAllowedPrefix()
    {
        var data = RandomNumberGenerator.GetBytes(100_000);
        var result = await _staging.AppendAsync(_id, 0, new MemoryStream(data), 70_000, Idle, null, CancellationToken.None);
        Assert.Equal(AppendStop.LimitExceeded, result.Stop);
        Assert.Equal(70_000, _staging.LengthOf(_id));
        Assert.Equal(data[..70_000], await File.ReadAllBytesAsync(_staging.PathOf(_id)));
    }

    [Fact]
    public async Task Append_WhenTheSourceFailsMidBody_KeepsTheBytesReceived()
    {
        var data = RandomNumberGenerator.GetBytes(300_000);
        var source = new FailingStream(data, failAfter: 150_000);
        var result = await _staging.AppendAsync(_id, 0, source, long.MaxValue, Idle, null, CancellationToken.None);
        Assert.Equal(AppendStop.SourceFailed, result.Stop);
        Assert.Equal(result.NewLength, _staging.LengthOf(_id));
        Assert.True(result.NewLength > 0);
        Assert.Equal(data[..(int)result.NewLength], await File.ReadAllBytesAsync(_staging.PathOf(_id)));
    }

    [Fact]
    public async Task Append_WhenTheBodyStalls_StopsAfterTheIdleTimeoutAndKeepsBytes()
    {
        var source = new StallingStream(RandomNumberGenerator.GetBytes(10_000));
        var result = await _staging.AppendAsync(_id, 0, source, long.MaxValue, TimeSpan.FromMilliseconds(200), null, CancellationToken.None);
        Assert.Equal(AppendStop.IdleTimeout, result.Stop);
        Assert.Equal(10_000, _staging.LengthOf(_id));
    }

    [Fact]
    public async Task Append_WhenANewerRequestAsksToStop_ReportsSupersededAndKeepsBytes()
    {
        var source = new StallingStream(RandomNumberGenerator.GetBytes(5_000));
        using var stop = new CancellationTokenSource();
        var append = _staging.AppendAsync(_id, 0, source, long.MaxValue, Idle, null, stop.Token);
        await source.FirstChunkServed.Task;
        stop.Cancel();
        var result = await append;
        Assert.Equal(AppendStop.Superseded, result.Stop);
        Assert.Equal(5_000, _staging.LengthOf(_id));
    }

    [Fact]
    public async Task Append_AtAnOffsetThatIsNotTheFileLength_IsABug()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _staging.AppendAsync(_id, 10, new MemoryStream([1]), long.MaxValue, Idle, null, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Truncate_CutsBackAHeldBackByte()
    {
        await _staging.AppendAsync(_id, 0, new MemoryStream(new byte[10]), long.MaxValue, Idle, null, CancellationToken.None);
        _staging.Truncate(_id, 9);
        Assert.Equal(9, _staging.LengthOf(_id));
    }

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

    /// <summary>Serves its data, then throws as Kestrel does on a reset connection.</summary>
    private sealed class FailingStream(byte[] data, int failAfter) : Stream
    {
        private int _position;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= failAfter) throw new IOException("Connection reset by peer");
            var n = Math.Min(Math.Min(buffer.Length, 16_384), failAfter - _position);
            data.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return ValueTask.FromResult(n);
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Serves one chunk, then waits forever for more (a silent peer).</summary>
    private sealed class StallingStream(byte[] first) : Stream
    {
        private bool _served;
        public TaskCompletionSource FirstChunkServed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_served)
            {
                _served = true;
                first.CopyTo(buffer);
                FirstChunkServed.TrySetResult();
                return first.Length;
            }
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
