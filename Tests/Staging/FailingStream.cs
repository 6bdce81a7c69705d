namespace RsResumeProxy.Tests.Staging;

/// <summary>A request body that serves its data, then throws as Kestrel does on a reset connection.</summary>
public sealed class FailingStream(byte[] data, int failAfter) : Stream
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
