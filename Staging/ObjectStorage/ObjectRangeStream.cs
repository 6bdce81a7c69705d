using Amazon.S3;
using Amazon.S3.Model;

namespace RsResumeProxy.Staging.ObjectStorage;

/// <summary>
/// The first <see cref="Length"/> bytes of one object, read with ranged GETs as the reader goes:
/// nothing is copied locally. Seekable, like a staged file, so an HTTP client that must send a body
/// again can rewind it, and so parts of a concatenation can be read one after another
/// (<see cref="Files.ConcatenatedReadStream"/>): a seek drops the open response and the next read
/// asks for the range from the new position. A failure of the storage mid-read is an
/// <see cref="IOException"/>, as a failing disk would be.
/// </summary>
internal sealed class ObjectRangeStream(IAmazonS3 client, string bucket, string key, long length) : Stream
{
    private GetObjectResponse? _response;
    private long _responsePosition;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.IsEmpty)
        {
            return 0;
        }
        try
        {
            if (_response is null || _responsePosition != _position)
            {
                _response?.Dispose();
                _response = null;
                _response = await client.GetObjectAsync(new GetObjectRequest
                {
                    BucketName = bucket,
                    Key = key,
                    ByteRange = new ByteRange(_position, length - 1),
                }, cancellationToken).ConfigureAwait(false);
                _responsePosition = _position;
            }
            var want = (int)Math.Min(buffer.Length, length - _position);
            var read = await _response.ResponseStream.ReadAsync(buffer[..want], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"Object storage ended {key} at byte {_position} of {length}.");
            }
            _position += read;
            _responsePosition = _position;
            return read;
        }
        catch (Exception ex) when (ex is not IOException && S3Failure.IsUnavailable(ex, cancellationToken))
        {
            _response?.Dispose();
            _response = null;
            throw new IOException($"Object storage failed while {key} was read: {ex.Message}", ex);
        }
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _response?.Dispose();
            _response = null;
        }
        base.Dispose(disposing);
    }
}
