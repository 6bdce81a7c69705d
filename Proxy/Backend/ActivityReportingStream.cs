namespace RsResumeProxy.Backend;

/// <summary>A read-only stream that restarts an <see cref="ActivityTimeout"/> on every read: the
/// HTTP handler reads the staged document only as fast as the backend takes it, so each read is
/// the backend making progress.</summary>
internal sealed class ActivityReportingStream(Stream inner, ActivityTimeout activity) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        activity.Restart();
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        activity.Restart();
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        activity.Restart();
        return inner.Read(buffer, offset, count);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
