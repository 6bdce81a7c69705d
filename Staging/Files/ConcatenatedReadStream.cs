namespace RsResumeProxy.Staging.Files;

/// <summary>
/// Several staged files read one after another as one document: the body of the commit of a
/// final concatenation upload, streamed from the parts without copying them into a new file.
/// Seekable, like a single staged file, so an HTTP client that must resend the body can rewind it.
/// Owns and disposes the part streams.
/// </summary>
public sealed class ConcatenatedReadStream : SeekableReadStream
{
    private readonly Stream[] _parts;
    private readonly long[] _starts;
    private readonly long[] _lengths;
    private readonly long _length;

    /// <param name="parts">Seekable streams positioned anywhere; their lengths must not change.</param>
    public ConcatenatedReadStream(IReadOnlyList<Stream> parts)
    {
        _parts = parts.ToArray();
        _starts = new long[_parts.Length];
        _lengths = new long[_parts.Length];
        long start = 0;
        for (var i = 0; i < _parts.Length; i++)
        {
            _starts[i] = start;
            _lengths[i] = _parts[i].Length;
            start += _lengths[i];
        }
        _length = start;
    }

    public override long Length => _length;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var part = Locate(out var within);
        if (part < 0 || buffer.IsEmpty)
        {
            return 0;
        }
        _parts[part].Position = within;
        var read = _parts[part].Read(buffer);
        Advance(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var part = Locate(out var within);
        if (part < 0 || buffer.IsEmpty)
        {
            return 0;
        }
        _parts[part].Position = within;
        var read = await _parts[part].ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Advance(read);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var part in _parts)
            {
                part.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var part in _parts)
        {
            await part.DisposeAsync().ConfigureAwait(false);
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The part holding the current position (skipping empty parts), or -1 at the end.</summary>
    private int Locate(out long within)
    {
        within = 0;
        if (Position >= _length)
        {
            return -1;
        }
        for (var i = _parts.Length - 1; i >= 0; i--)
        {
            if (_starts[i] <= Position && _lengths[i] > 0)
            {
                within = Position - _starts[i];
                if (within < _lengths[i])
                {
                    return i;
                }
            }
        }
        return -1;
    }
}
