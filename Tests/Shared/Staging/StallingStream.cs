namespace RsResumeProxy.Tests.Staging;

/// <summary>A request body that serves one chunk, then waits for more (a silent peer) until <see cref="End"/>, if ever.</summary>
public sealed class StallingStream(byte[] first) : RequestBodyStream
{
    private readonly TaskCompletionSource _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _served;

    public TaskCompletionSource FirstChunkServed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Ends the body normally after the stall.</summary>
    public void End() => _end.TrySetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_served < first.Length)
        {
            // In reads of at most the caller's buffer, so a chunk larger than one read arrives whole.
            var n = Math.Min(buffer.Length, first.Length - _served);
            first.AsMemory(_served, n).CopyTo(buffer);
            _served += n;
            if (_served == first.Length)
            {
                FirstChunkServed.TrySetResult();
            }
            return n;
        }
        await _end.Task.WaitAsync(cancellationToken);
        return 0;
    }
}
