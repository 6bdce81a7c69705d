using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using RsResumeProxy.Staging.Redis;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Tests.Infrastructure;
using StackExchange.Redis;

namespace RsResumeProxy.Tests.Staging;

/// <summary>The store contract on a real redis-server, plus what only Redis has to get right.</summary>
public sealed class RedisUploadStateStoreContractTests(RedisFixture redis) : UploadStateStoreContract, IClassFixture<RedisFixture>
{
    private readonly RedisKeys _keys = new(RedisFixture.NewPrefix());
    private readonly ListLogger<RedisUploadStateStore> _log = new();

    protected override IUploadStateStore CreateStore() => CreateRedisStore();

    private RedisUploadStateStore CreateRedisStore() => new(
        new RedisCache(Options.Create(new RedisCacheOptions
        {
            InstanceName = _keys.Prefix,
            ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(redis.Connection),
        })),
        redis.Connection, _keys, TimeSpan.FromHours(1), TimeProvider.System, _log);

    [Fact]
    public async Task Record_CarriesAnExpiry_SoRedisForgetsItWithoutASweeper()
    {
        var state = NewState();
        await CreateStore().SaveAsync(state, default);
        var ttl = await redis.Connection.GetDatabase().KeyTimeToLiveAsync(_keys.Prefix + RedisKeys.StateEntry(state.Id));
        Assert.NotNull(ttl);
        // Its own expiry (a day ahead) plus the grace of an hour.
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(24), TimeSpan.FromHours(25.1));
    }

    [Fact]
    public async Task Record_NeverContainsTheToken_OnlyTheCredentialHash()
    {
        var state = NewState() with { CredentialHash = "0123abcd" };
        await CreateStore().SaveAsync(state, default);
        var stored = await redis.Connection.GetDatabase().HashGetAllAsync(_keys.Prefix + RedisKeys.StateEntry(state.Id));
        var text = string.Concat(stored.Select(e => e.Value.ToString()));
        Assert.Contains("0123abcd", text);
        Assert.DoesNotContain("Bearer", text);
    }

    [Fact]
    public async Task List_DropsIndexEntriesWhoseRecordVanished()
    {
        var store = CreateStore();
        var kept = NewState();
        var vanished = NewState();
        await store.SaveAsync(kept, default);
        await store.SaveAsync(vanished, default);
        await redis.Connection.GetDatabase().KeyDeleteAsync(_keys.Prefix + RedisKeys.StateEntry(vanished.Id));

        Assert.Equal([kept.Id], await ListIdsAsync(store));
        Assert.False(await redis.Connection.GetDatabase().SetContainsAsync(_keys.Index, vanished.Id));
    }

    [Fact]
    public async Task UnreadableRecord_IsReportedAndNotTrusted()
    {
        var store = CreateRedisStore();
        var state = NewState();
        await store.SaveAsync(state, default);
        await redis.Connection.GetDatabase().HashSetAsync(_keys.Prefix + RedisKeys.StateEntry(state.Id), "data", "{\"format\":");

        Assert.Null(await store.GetAsync(state.Id, default));
        var rejected = Assert.Single(_log.Entries);
        Assert.Equal(1005, rejected.Id.Id);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, rejected.Level);
    }
}
