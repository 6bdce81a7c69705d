namespace RsResumeProxy.Tests.Staging;

/// <summary>A request body that serves one chunk, then waits forever for more (a silent peer).</summary>
public sealed class StallingStream(byte[] first) : Stream
{
    private int _served;

    public TaskCompletionSource FirstChunkServed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_served < first.Length)
        {
            // In reads of at most the caller's buffer, so a chunk larger than one read arrives whole.
            var n = Math.Min(buffer.Length, first.Length - _served);
            first.AsMemory(_served, n).CopyTo(buffer);
            _served += n;
            if (_served == first.Length)
            {
                FirstChunkServed.TrySetResult();
            }
            return n;
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
