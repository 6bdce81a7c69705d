namespace RsResumeProxy.Tests.Staging;

/// <summary>What the request bodies of the store tests share: read-only, not seekable, of no known
/// length, read asynchronously only, as Kestrel's request body is.</summary>
public abstract class RequestBodyStream : Stream
{
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
