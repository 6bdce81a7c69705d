using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RsResumeProxy.Staging.Redis;
using StackExchange.Redis;

namespace RsResumeProxy.Staging.Locks;

/// <summary>
/// One request at a time per upload across every instance sharing a Redis. A lock is a Redis key
/// holding the holder's random token with an expiry (SET NX PX); the holder renews it while it
/// works and deletes it only if the token is still its own (Lua), so a holder that stalled past the
/// expiry never releases someone else's lock.
/// A newer request does not queue behind a stalled one: it publishes a stop message for the upload,
/// the instance holding it fires that lease's <see cref="UploadLease.StopRequested"/>, the holder
/// keeps its bytes and releases, and the newer request takes the lock, exactly as on one instance.
/// A holder that cannot renew its lock any more sees <see cref="UploadLease.Lost"/> and stops writing.
/// Ours rather than DistributedLock.Redis (1.1.1): its lease monitor signals a lost handle only after
/// a full expiry without renewal, checked at the extension cadence, so during a Redis outage the
/// holder would still write when the key may already have expired and another instance taken the
/// upload. Here a holder gives up as soon as its next renewal could come too late (see RenewAsync).
/// </summary>
public sealed class RedisUploadLockProvider : IUploadLockProvider, IAsyncDisposable
{
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private const string RenewScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

    /// <summary>Stop messages are fire-and-forget (pub/sub delivers at most once, and not while a
    /// subscriber reconnects), so a waiting request repeats its message at this pace.</summary>
    private static readonly TimeSpan StopRepeat = TimeSpan.FromSeconds(1);

    /// <summary>Polling the lock key while waiting: starts fast (a superseded PATCH lets go within
    /// one read) and backs off so a long wait costs little.</summary>
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(200);

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly RedisLockSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisUploadLockProvider> _logger;
    private readonly ConcurrentDictionary<string, Lease> _held = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private volatile bool _subscribed;

    public RedisUploadLockProvider(
        IConnectionMultiplexer redis, RedisKeys keys, RedisLockSettings settings, TimeProvider time, ILogger<RedisUploadLockProvider> logger)
    {
        if (settings.RenewInterval <= TimeSpan.Zero || settings.RenewInterval >= settings.Expiry)
        {
            throw new ArgumentException("The renewal interval must be positive and shorter than the lock expiry.", nameof(settings));
        }
        _redis = redis;
        _keys = keys;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <summary>Uploads this instance holds right now.</summary>
    public int HeldCount => _held.Count;

    public async ValueTask<UploadLease?> AcquireAsync(string uploadId, CancellationToken cancellationToken)
    {
        await EnsureSubscribedAsync(cancellationToken).ConfigureAwait(false);
        var database = _redis.GetDatabase();
        var key = _keys.Lock(uploadId);
        var token = Guid.NewGuid().ToString("N");
        var started = _time.GetTimestamp();
        var poll = FirstPoll;
        var nextStop = TimeSpan.Zero;
        while (true)
        {
            // Not cancelled half-way: a SET that reached Redis after the caller stopped waiting for it
            // would leave a lock nobody renews or releases, blocking the upload for the whole expiry.
            // Redis's own asyncTimeout bounds the wait instead.
            cancellationToken.ThrowIfCancellationRequested();
            if (await database.StringSetAsync(key, token, _settings.Expiry, When.NotExists).ConfigureAwait(false))
            {
                var lease = new Lease(this, uploadId, key, token);
                _held[uploadId] = lease;
                lease.StartRenewing();
                return lease;
            }
            var waited = _time.GetElapsedTime(started);
            if (waited >= _settings.Wait)
            {
                return null;
            }
            if (waited >= nextStop)
            {
                await _redis.GetSubscriber().PublishAsync(RedisChannel.Literal(_keys.StopChannel), uploadId).WaitAsync(cancellationToken).ConfigureAwait(false);
                nextStop = waited + StopRepeat;
            }
            await Task.Delay(poll, _time, cancellationToken).ConfigureAwait(false);
            poll = poll * 2 < LongestPoll ? poll * 2 : LongestPoll;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lease in _held.Values)
        {
            await lease.DisposeAsync().ConfigureAwait(false);
        }
        if (_subscribed)
        {
            try
            {
                await _redis.GetSubscriber().UnsubscribeAsync(RedisChannel.Literal(_keys.StopChannel)).ConfigureAwait(false);
            }
            catch (Exception ex) when (RedisFailure.IsUnavailable(ex) || ex is ObjectDisposedException)
            {
                // Shutting down without Redis: the subscription ends with the connection.
            }
        }
    }

    /// <summary>
    /// Subscribes once, on first use rather than at start-up, so an instance starts (and passes
    /// traffic through) while Redis is down. Once subscribed, StackExchange.Redis restores the
    /// subscription by itself after every reconnect.
    /// </summary>
    private async Task EnsureSubscribedAsync(CancellationToken cancellationToken)
    {
        if (_subscribed)
        {
            return;
        }
        await _subscribing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_subscribed)
            {
                await _redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(_keys.StopChannel), (_, message) => OnStopMessage(message))
                    .WaitAsync(cancellationToken).ConfigureAwait(false);
                _subscribed = true;
            }
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private void OnStopMessage(RedisValue message)
    {
        if (message.HasValue && _held.TryGetValue(message.ToString(), out var lease))
        {
            lease.RequestStop();
        }
    }

    private sealed class Lease : UploadLease
    {
        private readonly RedisUploadLockProvider _owner;
        private readonly string _uploadId;
        private readonly string _key;
        private readonly string _token;
        private readonly CancellationTokenSource _stop = new();
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _released = new();
        private Task _renewing = Task.CompletedTask;
        private int _disposed;

        public Lease(RedisUploadLockProvider owner, string uploadId, string key, string token)
        {
            _owner = owner;
            _uploadId = uploadId;
            _key = key;
            _token = token;
        }

        // Token sources without timers hold nothing to free; they are never disposed, so a holder
        // may still read these tokens after the release.
        public override CancellationToken StopRequested => _stop.Token;

        public override CancellationToken Lost => _lost.Token;

        public void StartRenewing() => _renewing = RenewAsync();

        public void RequestStop()
        {
            _stop.Cancel();
        }

        private async Task RenewAsync()
        {
            var settings = _owner._settings;
            var time = _owner._time;
            var confirmed = time.GetTimestamp();
            try
            {
                while (true)
                {
                    await Task.Delay(settings.RenewInterval, time, _released.Token).ConfigureAwait(false);
                    try
                    {
                        var renewed = (long)await _owner._redis.GetDatabase().ScriptEvaluateAsync(RenewScript,
                            [_key], [_token, (long)settings.Expiry.TotalMilliseconds]).ConfigureAwait(false);
                        if (renewed == 1)
                        {
                            confirmed = time.GetTimestamp();
                            continue;
                        }
                        // The key expired or another holder has it: we are no longer the holder.
                    }
                    catch (Exception ex) when (RedisFailure.IsUnavailable(ex))
                    {
                        // Keep trying while the lock may still be ours; give up when it may expire
                        // before the next attempt could confirm it.
                        if (time.GetElapsedTime(confirmed) + settings.RenewInterval < settings.Expiry)
                        {
                            continue;
                        }
                    }
                    if (_released.IsCancellationRequested)
                    {
                        return;
                    }
                    // Logged first: the holder reacts to Lost at once, and its answer follows this line.
                    LockLog.LeaseLost(_owner._logger, _uploadId);
                    _lost.Cancel();
                    return;
                }
            }
            catch (OperationCanceledException) when (_released.IsCancellationRequested)
            {
                // Released: stop renewing.
            }
        }

        public override async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            _released.Cancel();
            await _renewing.ConfigureAwait(false);
            _owner._held.TryRemove(new KeyValuePair<string, Lease>(_uploadId, this));
            if (!_lost.IsCancellationRequested)
            {
                try
                {
                    await _owner._redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [_key], [_token]).ConfigureAwait(false);
                }
                catch (Exception ex) when (RedisFailure.IsUnavailable(ex) || ex is ObjectDisposedException)
                {
                    // Not an error for the request that is finishing: the lock ends by its expiry.
                    LockLog.ReleaseFailed(_owner._logger, _uploadId, ex.Message);
                }
            }
        }
    }
}
