using Microsoft.Extensions.Logging.Testing;
using RsResumeProxy.Staging.Locks;
using RsResumeProxy.Staging.Redis;
using RsResumeProxy.Tests.Infrastructure;
using StackExchange.Redis;

namespace RsResumeProxy.Tests.Staging;

/// <summary>
/// The lock contract on a real redis-server, each provider on its own connection as separate
/// instances would be, plus what only a distributed lock has to get right: expiry of a dead
/// holder, renewal, Lost, and never releasing someone else's lock.
/// </summary>
public sealed class RedisUploadLockProviderContractTests(RedisFixture redis) : UploadLockProviderContract, IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly RedisKeys _keys = new(RedisFixture.NewPrefix());
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly FakeLogger<RedisUploadLockProvider> _log = new();

    protected override IUploadLockProvider CreateProvider(TimeSpan wait) =>
        CreateRedisProvider(new RedisLockSettings(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), wait));

    private RedisUploadLockProvider CreateRedisProvider(RedisLockSettings settings, IConnectionMultiplexer? connection = null)
    {
        if (connection is null)
        {
            var own = ConnectionMultiplexer.Connect(redis.Server.Configuration);
            _owned.Add(own);
            connection = own;
        }
        var provider = new RedisUploadLockProvider(connection, _keys, settings, TimeProvider.System, _log);
        _owned.Insert(0, provider);
        return provider;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }

    [Fact]
    public async Task HolderThatDied_BlocksTheUploadOnlyUntilItsLockExpires()
    {
        var settings = new RedisLockSettings(TimeSpan.FromMilliseconds(600), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(20));
        var dyingConnection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var dying = new RedisUploadLockProvider(dyingConnection, _keys, settings, TimeProvider.System, _log);
        Assert.NotNull(await dying.AcquireAsync("u", default));
        // kill -9: the connection goes, nothing is released, nothing renews any more.
        dyingConnection.Dispose();

        await using var survivor = await CreateRedisProvider(settings).AcquireAsync("u", default);

        Assert.NotNull(survivor);
    }

    [Fact]
    public async Task LiveHolder_RenewsItsLockPastTheExpiry()
    {
        // A 2 s expiry renewed every 100 ms: a renewal may come late by most of the expiry (a busy
        // 2-core machine stalled it past a 500 ms expiry) and the lock must still hold.
        var settings = new RedisLockSettings(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        var holderSide = CreateRedisProvider(settings);
        await using var holder = await holderSide.AcquireAsync("u", default);
        Assert.NotNull(holder);

        // Until well past the expiry (three of them), the key is still the holder's at every look (it
        // ignores stop requests here). Time passing is the point of this test; the bound is generous.
        var held = System.Diagnostics.Stopwatch.StartNew();
        await Poll.UntilAsync(async () =>
        {
            Assert.True(await redis.Connection.GetDatabase().KeyExistsAsync(_keys.Lock("u")));
            return held.Elapsed > 3 * settings.Expiry;
        }, TimeSpan.FromSeconds(30));
        Assert.Null(await CreateRedisProvider(settings).AcquireAsync("u", default));
        Assert.False(holder!.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task Lost_FiresWhenTheLockIsNoLongerTheHolders()
    {
        var settings = new RedisLockSettings(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var provider = CreateRedisProvider(settings);
        await using var holder = await provider.AcquireAsync("u", default);
        // As if the key had expired during a stall and another instance had taken it.
        await redis.Connection.GetDatabase().StringSetAsync(_keys.Lock("u"), "someone-else", TimeSpan.FromSeconds(30));

        await WaitForAsync(() => holder!.Lost.IsCancellationRequested);

        var lost = Assert.Single(_log.Collector.GetSnapshot(), r => r.Id.Id == 6002);
        Assert.Contains(lost.StructuredState!, kv => kv is { Key: "UploadId", Value: "u" });
        await holder!.DisposeAsync();
        // Releasing a lost lease leaves the new holder's lock alone.
        Assert.Equal("someone-else", (string?)await redis.Connection.GetDatabase().StringGetAsync(_keys.Lock("u")));
    }

    [Fact]
    public async Task Release_DoesNotDeleteALockTakenOverAfterExpiry()
    {
        var settings = new RedisLockSettings(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));
        var holder = await CreateRedisProvider(settings).AcquireAsync("u", default);
        await redis.Connection.GetDatabase().StringSetAsync(_keys.Lock("u"), "next-holder", TimeSpan.FromSeconds(30));

        await holder!.DisposeAsync();

        Assert.Equal("next-holder", (string?)await redis.Connection.GetDatabase().StringGetAsync(_keys.Lock("u")));
    }

    [Fact]
    public async Task StopRequest_ReachesTheHolderOnAnotherInstance()
    {
        var settings = new RedisLockSettings(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        var instanceA = CreateRedisProvider(settings);
        var instanceB = CreateRedisProvider(settings);
        var held = await instanceA.AcquireAsync("u", default);
        Assert.Equal(1, instanceA.HeldCount);
        // A stalled PATCH: it lets go only when told to stop.
        held!.StopRequested.Register(() => _ = held.DisposeAsync().AsTask());

        await using var taken = await instanceB.AcquireAsync("u", default);

        Assert.NotNull(taken);
        Assert.True(held.StopRequested.IsCancellationRequested);
        Assert.Equal(0, instanceA.HeldCount);
        Assert.Equal(1, instanceB.HeldCount);
    }

    // A safety net against a hang, not a timing assertion.
    private static async Task WaitForAsync(Func<bool> condition) =>
        Assert.True(await Poll.UntilAsync(condition, TimeSpan.FromSeconds(30)), "condition not reached");
}
