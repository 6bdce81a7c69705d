namespace RsResumeProxy.Tests.Staging;

/// <summary>A request body that serves its data, then throws as Kestrel does on a reset connection.</summary>
public sealed class FailingStream(byte[] data, int failAfter) : RequestBodyStream
{
    private int _position;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= failAfter) throw new IOException("Connection reset by peer");
        var n = Math.Min(Math.Min(buffer.Length, 16_384), failAfter - _position);
        data.AsMemory(_position, n).CopyTo(buffer);
        _position += n;
        return ValueTask.FromResult(n);
    }
}
