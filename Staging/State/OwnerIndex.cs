using System.Collections.Concurrent;

namespace RsResumeProxy.Staging.State;

/// <summary>
/// The disk store's per-owner index of pending upload ids, in memory. Built once from the records
/// on first use (one scan after a start, so it survives crashes); kept up by every save and delete
/// after that; pruned of ids whose record is no longer pending when read.
/// </summary>
internal sealed class OwnerIndex
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _ids = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _building = new(1, 1);
    private volatile bool _built;

    public void Add(UploadState state)
    {
        foreach (var owner in UploadOwners.Of(state))
        {
            _ids.GetOrAdd(owner, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[state.Id] = 0;
        }
    }

    public void Prune(string owner, string id)
    {
        if (_ids.TryGetValue(owner, out var ids))
        {
            ids.TryRemove(id, out _);
        }
    }

    public IReadOnlyCollection<string> IdsOf(string owner) =>
        _ids.TryGetValue(owner, out var ids) ? ids.Keys.ToArray() : [];

    public async Task EnsureBuiltAsync(Func<CancellationToken, IAsyncEnumerable<UploadState>> listAll, CancellationToken cancellationToken)
    {
        if (_built)
        {
            return;
        }
        await _building.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_built)
            {
                return;
            }
            // Saves made meanwhile add themselves; the scan only adds, so nothing is lost either way.
            await foreach (var state in listAll(cancellationToken).ConfigureAwait(false))
            {
                if (UploadOwners.IsPending(state))
                {
                    Add(state);
                }
            }
            _built = true;
        }
        finally
        {
            _building.Release();
        }
    }
}
