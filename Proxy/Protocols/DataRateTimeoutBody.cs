using Microsoft.AspNetCore.Http;

namespace RsResumeProxy.Protocols;

/// <summary>
/// A request body on which Kestrel's minimum-data-rate cut-off reads as a stall. Over HTTP/1.1
/// Kestrel reports a body slower than MinBodyDataRate as a BadHttpRequestException (408), which the
/// staging area cannot tell from a reset and answers 400; tus clients do not retry a 400. As a
/// cancellation it gets the stalled body's resumable 503 + Retry-After, and its bytes stay kept.
/// </summary>
internal sealed class DataRateTimeoutBody(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            throw new OperationCanceledException("The request body arrived slower than the minimum data rate.", ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Request bodies are read asynchronously.");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
