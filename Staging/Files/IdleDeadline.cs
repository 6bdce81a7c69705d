namespace RsResumeProxy.Staging.Files;

/// <summary>
/// A token that fires when no progress was reported for at least the idle timeout, or when the
/// outer token fires. Re-arming a timer on every read cost a timer-queue update per 4 KiB that
/// Kestrel hands over (about 262,000 per GiB), so progress only re-arms the timer once a quarter of
/// the timeout has passed since it was last armed, and the timer runs for a quarter longer than
/// the timeout: it fires between one and one and a quarter timeouts after the last progress.
/// </summary>
internal sealed class IdleDeadline : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TimeSpan _armFor;
    private readonly long _rearmAfterMs;
    private long _armedAt;

    public IdleDeadline(TimeSpan timeout, CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _armFor = timeout + timeout / 4;
        _rearmAfterMs = (long)(timeout / 4).TotalMilliseconds;
        _armedAt = Environment.TickCount64;
        _source.CancelAfter(_armFor);
    }

    public CancellationToken Token => _source.Token;

    /// <summary>Called on every read that is about to wait: pushes the deadline out when due.</summary>
    public void Progress()
    {
        var now = Environment.TickCount64;
        if (now - _armedAt >= _rearmAfterMs)
        {
            _armedAt = now;
            _source.CancelAfter(_armFor);
        }
    }

    public void Dispose() => _source.Dispose();
}
