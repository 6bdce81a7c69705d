namespace RsResumeProxy.Staging.Files;

/// <summary>
/// What the read-only views of staged bytes share: a known <see cref="Stream.Length"/>, a
/// <see cref="Position"/> the reader may set anywhere (an HTTP client that must send a body again
/// rewinds it), and no writes. A subclass reads from <see cref="Position"/> and reports what it
/// read with <see cref="Advance"/>.
/// </summary>
public abstract class SeekableReadStream : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <summary>Moves the position past bytes just read.</summary>
    protected void Advance(int read) => _position += read;

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
