namespace RsResumeProxy.Backend;

/// <summary>
/// A timeout that counts from the last sign of progress, as YARP's ActivityTimeout does: a commit
/// that keeps moving is never cut off, however long the document; one with no progress for the
/// set time is. With a total timeout, the 10-minute default would have needed 13.7 MB/s to the
/// backend for an 8 GiB document, or the commit failed every time.
/// </summary>
internal sealed class ActivityTimeout : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TimeSpan _timeout;

    public ActivityTimeout(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _timeout = timeout;
        _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _source.CancelAfter(timeout);
    }

    public CancellationToken Token => _source.Token;

    /// <summary>Progress was made: the time starts again. CancelAfter re-arms the same timer.</summary>
    public void Restart()
    {
        try
        {
            _source.CancelAfter(_timeout);
        }
        catch (ObjectDisposedException)
        {
            // A late read after the commit ended; nothing left to time.
        }
    }

    public void Dispose() => _source.Dispose();
}
