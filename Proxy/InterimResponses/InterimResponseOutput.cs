using System.Buffers;
using System.IO.Pipelines;

namespace RsResumeProxy.InterimResponses;

/// <summary>
/// The connection's output as Kestrel sees it, with one addition: <see cref="TryWriteAsync"/> puts a
/// complete interim response (1xx) on the wire between two of Kestrel's own writes. Kestrel writes
/// through its own wrapper (ConcurrentPipeWriter) that only touches this writer when none of its
/// flushes is pending, in the order GetMemory/GetSpan → Advance → FlushAsync. So an interim response
/// is safe exactly when Kestrel has nothing advanced and unflushed here and no flush in flight; it
/// is then written and flushed as a whole, and any Kestrel call that arrives meanwhile waits for that
/// flush to finish. When the condition does not hold the interim response is not sent: every 1xx is
/// optional, and a late 1xx would be worse than none.
/// </summary>
internal sealed class InterimResponseOutput(PipeWriter inner) : PipeWriter
{
    private readonly object _gate = new();
    private bool _kestrelWriting;
    private bool _interimInFlight;
    private bool _completed;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    /// <summary>Writes and flushes <paramref name="bytes"/> if Kestrel is idle on this connection; false if not.</summary>
    public async ValueTask<bool> TryWriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_kestrelWriting || _interimInFlight || _completed)
            {
                return false;
            }
            _interimInFlight = true;
            inner.Write(bytes.Span);
        }
        try
        {
            var result = await inner.FlushAsync(cancellationToken);
            return !result.IsCanceled && !result.IsCompleted;
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException)
        {
            // The connection is going away; the final answer will not arrive either.
            return false;
        }
        finally
        {
            lock (_gate)
            {
                _interimInFlight = false;
                Monitor.PulseAll(_gate);
            }
        }
    }

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        BeginKestrelWrite();
        return inner.GetMemory(sizeHint);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        BeginKestrelWrite();
        return inner.GetSpan(sizeHint);
    }

    public override void Advance(int bytes)
    {
        BeginKestrelWrite();
        inner.Advance(bytes);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        BeginKestrelWrite();
        var flush = inner.FlushAsync(cancellationToken);
        if (flush.IsCompleted)
        {
            EndKestrelWrite();
            return flush;
        }
        return AwaitFlushAsync(flush);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        lock (_gate)
        {
            WaitForInterimResponse();
            _completed = true;
        }
        inner.Complete(exception);
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        lock (_gate)
        {
            WaitForInterimResponse();
            _completed = true;
        }
        await inner.CompleteAsync(exception);
    }

    private async ValueTask<FlushResult> AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        try
        {
            return await flush;
        }
        finally
        {
            EndKestrelWrite();
        }
    }

    private void BeginKestrelWrite()
    {
        lock (_gate)
        {
            WaitForInterimResponse();
            _kestrelWriting = true;
        }
    }

    private void EndKestrelWrite()
    {
        lock (_gate)
        {
            _kestrelWriting = false;
        }
    }

    /// <summary>
    /// Only reached if Kestrel writes while an interim response is being flushed, which its
    /// request-at-a-time HTTP/1.1 loop does not do before a response starts; waiting here keeps the
    /// bytes in order should it ever happen. The flush of a few hundred bytes completes at once
    /// unless the client stopped reading, and then Kestrel's own write would wait as well.
    /// </summary>
    private void WaitForInterimResponse()
    {
        while (_interimInFlight)
        {
            Monitor.Wait(_gate);
        }
    }
}
