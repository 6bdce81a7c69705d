using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;
using StackExchange.Redis;

namespace RsResumeProxy.Tests.ScaleOut;

/// <summary>A PATCH whose Redis lock is no longer its own stops writing at once and records nothing.</summary>
public sealed class LeaseLostTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ArmadiettoServer _armadietto = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _armadietto = await ArmadiettoServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _armadietto.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Patch_WhoseLockIsTakenAway_StopsWithA503_AndKeepsTheBytesWritten()
    {
        await using var proxy = await ProxyServer.StartAsync(_armadietto.Origin,
            $"Redis:Configuration={_redis.Configuration}", "Redis:InstanceName=lost:",
            "Redis:LockExpiry=00:00:05", "Redis:LockRenewInterval=00:00:00.200");
        using var tus = new TusClient(proxy.Origin, _armadietto.Token);
        var data = RandomNumberGenerator.GetBytes(1_000_000);
        var path = $"/storage/{_armadietto.User}/docs/lost.bin";
        using (var created = await tus.CreateAsync(path, data.Length))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        // A raw connection: the body stalls after 300 000 bytes and the answer can still be read.
        await using var patch = await RawHttpConnection.StartRequestAsync(proxy.Origin, "PATCH", path, new Dictionary<string, string>
        {
            ["Tus-Resumable"] = "1.0.0",
            ["Authorization"] = "Bearer " + _armadietto.Token,
            ["Upload-Offset"] = "0",
            ["Content-Type"] = "application/offset+octet-stream",
            ["Content-Length"] = data.Length.ToString(),
        });
        await patch.WriteAsync(data[..300_000]);
        // 60 s is a safety net against a hang, not a timing assertion.
        Assert.True(await Poll.UntilAsync(() => StagedFiles.LargestLength(proxy.StagingDirectory) >= 300_000, TimeSpan.FromSeconds(60)),
            "the PATCH's bytes never reached staging");

        // As if the lock had expired during a network partition and another instance had taken it.
        using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var lockKey = Assert.Single(server.Keys(pattern: "lost:lock:*"));
        await redis.GetDatabase().StringSetAsync(lockKey, "another-instance", TimeSpan.FromSeconds(30));

        // BodyIdleTimeout is a minute and nobody asked A to stop: only Lost ends this PATCH now.
        var answer = await patch.ReadResponseAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(503, answer.Status);
        Assert.NotNull(answer.Header("Retry-After"));
        Assert.Contains("lost its hold", answer.Body);
        Assert.Equal(300_000, Directory.GetFiles(proxy.StagingDirectory, "*.bin").Select(f => new FileInfo(f).Length).Single());
        // The other holder's lock is untouched.
        Assert.Equal("another-instance", (string?)await redis.GetDatabase().StringGetAsync(lockKey));
    }
}
