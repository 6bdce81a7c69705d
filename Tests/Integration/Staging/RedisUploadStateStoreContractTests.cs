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
        // Through a proxy that keeps its state in this redis-server, so the store gets what a real
        // request gives it; then every key and value in the server, and every file the proxy
        // wrote, is searched.
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin,
            $"Redis:Configuration={redis.Server.Configuration}", $"Redis:InstanceName={_keys.Prefix}");
        var token = TokenTraces.NewToken();
        var credentialHash = await TokenTraces.LeavePendingUploadAsync(proxy, token);

        var stored = new List<(string Key, byte[] Bytes)>();
        var database = redis.Connection.GetDatabase();
        await foreach (var key in redis.Connection.GetServer(redis.Connection.GetEndPoints().Single()).KeysAsync(pattern: "*"))
        {
            stored.Add((key!, await ValueBytesAsync(database, key)));
        }

        // The scan reads the record the upload left: it names its credential, by hash.
        Assert.Contains(stored, entry => entry.Key.StartsWith(_keys.Prefix, StringComparison.Ordinal)
            && TokenTraces.Contains(entry.Bytes, credentialHash));
        foreach (var (key, bytes) in stored)
        {
            TokenTraces.AssertAbsent(token, System.Text.Encoding.UTF8.GetBytes(key), $"Redis key name {key}");
            TokenTraces.AssertAbsent(token, bytes, $"Redis key {key}");
        }
        foreach (var (path, bytes) in TokenTraces.Files(proxy.DataDirectory))
        {
            TokenTraces.AssertAbsent(token, bytes, path);
        }
    }

    /// <summary>Everything a key holds, whatever its type, as one run of bytes.</summary>
    private static async Task<byte[]> ValueBytesAsync(IDatabase database, RedisKey key)
    {
        RedisValue[] values = await database.KeyTypeAsync(key) switch
        {
            RedisType.String => [await database.StringGetAsync(key)],
            RedisType.Hash => (await database.HashGetAllAsync(key)).SelectMany(e => new[] { e.Name, e.Value }).ToArray(),
            RedisType.Set => await database.SetMembersAsync(key),
            RedisType.List => await database.ListRangeAsync(key),
            RedisType.SortedSet => (await database.SortedSetRangeByRankAsync(key)),
            var other => throw new InvalidOperationException($"Redis key {key} is a {other}, which this scan cannot read."),
        };
        return values.SelectMany(v => (byte[])v! ?? []).ToArray();
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
