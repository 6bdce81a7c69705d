using System.Runtime.CompilerServices;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RsResumeProxy.Staging.Redis;
using StackExchange.Redis;

namespace RsResumeProxy.Staging.State;

/// <summary>
/// Upload state in Redis, for several instances serving the same uploads. Each record is one
/// <see cref="IDistributedCache"/> entry holding the same JSON as the disk store (one Redis write,
/// so a reader sees the old record or the new one). IDistributedCache cannot enumerate, so the ids
/// are also kept in a Redis set for <see cref="ListAsync"/>.
/// Every entry carries an expiry past the point where the sweeper would have removed it: if no
/// instance sweeps any more, Redis still forgets the records on its own.
/// </summary>
public sealed partial class RedisUploadStateStore : IUploadStateStore
{
    private readonly IDistributedCache _cache;
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly TimeSpan _grace;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="cache">A RedisCache whose InstanceName is <paramref name="keys"/>' prefix.</param>
    /// <param name="redis">The same Redis, for the index set.</param>
    /// <param name="grace">How long past its own expiry (or tombstone time) a record stays in Redis;
    /// the sweeper removes it earlier. ExpireAfter is the natural value.</param>
    public RedisUploadStateStore(IDistributedCache cache, IConnectionMultiplexer redis, RedisKeys keys, TimeSpan grace, TimeProvider time,
        ILogger<RedisUploadStateStore>? logger = null)
    {
        _logger = logger ?? NullLogger<RedisUploadStateStore>.Instance;
        _cache = cache;
        _redis = redis;
        _keys = keys;
        _grace = grace;
        _time = time;
    }

    public async ValueTask<UploadState?> GetAsync(string id, CancellationToken cancellationToken)
    {
        Check(id);
        var bytes = await _cache.GetAsync(RedisKeys.StateEntry(id), cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }
        var state = UploadStateJson.TryDeserialize(bytes, id, out var problem);
        if (state is null)
        {
            // Left in place: it may be a newer format written by a newer instance during a rolling upgrade.
            LogRejected(_logger, "redis:" + id, problem ?? "unknown");
        }
        return state;
    }

    public async ValueTask SaveAsync(UploadState state, CancellationToken cancellationToken)
    {
        Check(state.Id);
        // Index first: a record that exists is always listed, so the sweeper finds it even if the
        // connection drops between the writes. A listed id without a record is harmless. The
        // owners' indexes too, for the same reason; ids no longer pending are pruned when read.
        // Everything goes out before any answer is awaited: one multiplexed connection keeps the
        // order, and a save costs one round trip.
        var database = _redis.GetDatabase();
        var indexed = new List<Task> { database.SetAddAsync(_keys.Index, state.Id) };
        if (UploadOwners.IsPending(state))
        {
            foreach (var owner in UploadOwners.Of(state))
            {
                indexed.Add(database.SetAddAsync(_keys.Owner(owner), state.Id));
            }
        }
        var end = state.ExpiredAt ?? state.ExpiresAt;
        var now = _time.GetUtcNow();
        var entry = new DistributedCacheEntryOptions { AbsoluteExpiration = (end > now ? end : now) + _grace };
        var stored = _cache.SetAsync(RedisKeys.StateEntry(state.Id), UploadStateJson.Serialize(state), entry, cancellationToken);
        await Task.WhenAll(indexed).WaitAsync(cancellationToken).ConfigureAwait(false);
        await stored.ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        Check(id);
        await _cache.RemoveAsync(RedisKeys.StateEntry(id), cancellationToken).ConfigureAwait(false);
        await _redis.GetDatabase().SetRemoveAsync(_keys.Index, id).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<UploadState> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        // SSCAN, not SMEMBERS: a large index is walked in pages instead of one blocking reply.
        await foreach (var member in database.SetScanAsync(_keys.Index, pageSize: 250).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var id = member.ToString();
            if (!UploadId.IsWellFormed(id))
            {
                continue;
            }
            var state = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (state is not null)
            {
                yield return state;
                continue;
            }
            // Gone (expired in Redis, or deleted between the two writes of DeleteAsync): drop it
            // from the index, then look again so a creation that raced with us keeps its entry.
            await database.SetRemoveAsync(_keys.Index, id).ConfigureAwait(false);
            if (await _cache.GetAsync(RedisKeys.StateEntry(id), cancellationToken).ConfigureAwait(false) is not null)
            {
                await database.SetAddAsync(_keys.Index, id).ConfigureAwait(false);
            }
        }
    }

    public async IAsyncEnumerable<UploadState> ListPendingOfAsync(string owner, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        var key = _keys.Owner(owner);
        // Small by construction: the caps keep an owner's pending uploads few, and pruning below
        // drops what committed, expired (Redis forgot the record) or was deleted.
        foreach (var member in await database.SetMembersAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = member.ToString();
            var state = UploadId.IsWellFormed(id) ? await GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
            if (state is not null && UploadOwners.IsPending(state) && UploadOwners.Owns(state, owner))
            {
                yield return state;
                continue;
            }
            await database.SetRemoveAsync(key, id).ConfigureAwait(false);
            // A creation that raced with us re-adds itself before writing its record; look again.
            if (UploadId.IsWellFormed(id) && await GetAsync(id, cancellationToken).ConfigureAwait(false) is { } again
                && UploadOwners.IsPending(again) && UploadOwners.Owns(again, owner))
            {
                await database.SetAddAsync(key, id).ConfigureAwait(false);
                yield return again;
            }
        }
    }

    private static void Check(string id)
    {
        if (!UploadId.IsWellFormed(id))
        {
            throw new ArgumentException("Malformed upload id.", nameof(id));
        }
    }

    [LoggerMessage(1005, LogLevel.Warning, "Upload state record {File} rejected: {Reason}", EventName = "StateRejected")]
    private static partial void LogRejected(ILogger logger, string file, string reason);
}
