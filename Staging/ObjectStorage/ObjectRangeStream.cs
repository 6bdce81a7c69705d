using Amazon.S3;
using Amazon.S3.Model;
using RsResumeProxy.Staging.Files;

namespace RsResumeProxy.Staging.ObjectStorage;

/// <summary>
/// The first <see cref="Length"/> bytes of one object, read with ranged GETs as the reader goes:
/// nothing is copied locally. Seekable, like a staged file, so an HTTP client that must send a body
/// again can rewind it, and so parts of a concatenation can be read one after another
/// (<see cref="Files.ConcatenatedReadStream"/>): a seek drops the open response and the next read
/// asks for the range from the new position. A failure of the storage mid-read is an
/// <see cref="IOException"/>, as a failing disk would be.
/// </summary>
internal sealed class ObjectRangeStream(IAmazonS3 client, string bucket, string key, long length) : SeekableReadStream
{
    private GetObjectResponse? _response;
    private long _responsePosition;

    public override long Length => length;

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Position >= length || buffer.IsEmpty)
        {
            return 0;
        }
        try
        {
            if (_response is null || _responsePosition != Position)
            {
                _response?.Dispose();
                _response = null;
                _response = await client.GetObjectAsync(new GetObjectRequest
                {
                    BucketName = bucket,
                    Key = key,
                    ByteRange = new ByteRange(Position, length - 1),
                }, cancellationToken).ConfigureAwait(false);
                _responsePosition = Position;
            }
            var want = (int)Math.Min(buffer.Length, length - Position);
            var read = await _response.ResponseStream.ReadAsync(buffer[..want], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"Object storage ended {key} at byte {Position} of {length}.");
            }
            Advance(read);
            _responsePosition = Position;
            return read;
        }
        catch (Exception ex) when (ex is not IOException && S3Failure.IsUnavailable(ex, cancellationToken))
        {
            _response?.Dispose();
            _response = null;
            throw new IOException($"Object storage failed while {key} was read: {ex.Message}", ex);
        }
    }

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
