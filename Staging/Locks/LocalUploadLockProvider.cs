namespace RsResumeProxy.Staging.Locks;

/// <summary>
/// Locks for a single instance: an in-memory table of holders. Enough whenever one process serves
/// the staging directory; several instances need the Redis provider.
/// </summary>
public sealed class LocalUploadLockProvider : IUploadLockProvider
{
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly TimeSpan _wait;

    /// <param name="wait">How long a newer request waits for a stopped holder to let go. A holder
    /// in the middle of a body stops within one read; one committing to the backend does not stop.</param>
    public LocalUploadLockProvider(TimeSpan wait)
    {
        _wait = wait;
    }

    public async ValueTask<UploadLease?> AcquireAsync(string uploadId, CancellationToken cancellationToken)
    {
        Slot slot;
        lock (_slots)
        {
            if (!_slots.TryGetValue(uploadId, out slot!))
            {
                slot = new Slot();
                _slots[uploadId] = slot;
            }
            slot.Users++;
        }

        var acquired = false;
        try
        {
            if (!slot.Gate.Wait(0))
            {
                slot.RequestStop();
                acquired = await slot.Gate.WaitAsync(_wait, cancellationToken).ConfigureAwait(false);
                if (!acquired)
                {
                    return null;
                }
            }
            acquired = true;
            return new Lease(this, uploadId, slot, slot.BeginHolding());
        }
        finally
        {
            if (!acquired)
            {
                Leave(uploadId, slot);
            }
        }
    }

    private void Leave(string uploadId, Slot slot)
    {
        lock (_slots)
        {
            if (--slot.Users == 0)
            {
                _slots.Remove(uploadId);
            }
        }
    }

    private sealed class Slot
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        private CancellationTokenSource? _holderStop;
        public int Users;

        public CancellationTokenSource BeginHolding()
        {
            var stop = new CancellationTokenSource();
            Volatile.Write(ref _holderStop, stop);
            return stop;
        }

        public void RequestStop()
        {
            try
            {
                Volatile.Read(ref _holderStop)?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The holder released between our failed Wait(0) and now; the gate is free.
            }
        }

        public void EndHolding(CancellationTokenSource stop)
        {
            Interlocked.CompareExchange(ref _holderStop, null, stop);
            stop.Dispose();
            Gate.Release();
        }
    }

    private sealed class Lease(LocalUploadLockProvider owner, string uploadId, Slot slot, CancellationTokenSource stop) : UploadLease
    {
        private readonly CancellationToken _stopRequested = stop.Token;
        private int _disposed;

        // Captured at creation: the source is disposed on release, and a holder may still look.
        public override CancellationToken StopRequested => _stopRequested;

        public override ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                slot.EndHolding(stop);
                owner.Leave(uploadId, slot);
            }
            return ValueTask.CompletedTask;
        }
    }
}
