namespace RsResumeProxy.Tests.Staging;

/// <summary>A body that runs <paramref name="action"/> once it has served <paramref name="after"/> bytes.</summary>
public sealed class CallbackStream(byte[] data, int after, Action action) : RequestBodyStream
{
    private int _position;
    private bool _done;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= after && !_done)
        {
            _done = true;
            action();
        }
        var limit = _done ? data.Length : after;
        var n = Math.Min(buffer.Length, limit - _position);
        data.AsMemory(_position, n).CopyTo(buffer);
        _position += n;
        return ValueTask.FromResult(n);
    }
}
