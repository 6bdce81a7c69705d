using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.ScaleOut;

/// <summary>
/// Two proxy processes on their own loopback ports, sharing one real redis-server, one staging
/// directory (or, with <see cref="StartOnObjectStorageAsync"/>, one bucket and no directory) and one
/// credential key, in front of one real armadietto: the deployments the README describes, on one machine.
/// </summary>
public sealed class ScaleOutCluster : IAsyncDisposable
{
    private ScaleOutCluster(RedisServer redis, ArmadiettoServer armadietto, string root, string[] settings)
    {
        Redis = redis;
        Armadietto = armadietto;
        Root = root;
        Settings = settings;
    }

    public RedisServer Redis { get; }

    public ArmadiettoServer Armadietto { get; }

    public string Root { get; }

    public string SharedStaging => Path.Combine(Root, "shared-staging");

    public string[] Settings { get; }

    public ProxyProcess A { get; private set; } = null!;

    public ProxyProcess B { get; private set; } = null!;

    /// <param name="extraSettings">Added to both instances' settings (later settings win).</param>
    public static Task<ScaleOutCluster> StartAsync(params string[] extraSettings) => StartAsync(sharedStaging: true, extraSettings);

    /// <summary>Two instances staging in <paramref name="moto"/>'s bucket under <paramref name="prefix"/>,
    /// each with a staging directory of its own that nothing uses: no shared volume.</summary>
    public static Task<ScaleOutCluster> StartOnObjectStorageAsync(MotoServer moto, string prefix) =>
        StartAsync(sharedStaging: false, moto.ProxySettings(prefix));

    private static async Task<ScaleOutCluster> StartAsync(bool sharedStaging, string[] extraSettings)
    {
        var redis = await RedisServer.StartAsync();
        var armadietto = await ArmadiettoServer.StartAsync();
        var root = Directory.CreateTempSubdirectory("rsrp-scaleout-").FullName;
        var settings = new[]
        {
            $"Redis:Configuration={redis.Configuration}",
            "Redis:InstanceName=scaleout:",
            // Short enough that a killed holder's lock ends within a test, long enough to renew.
            "Redis:LockExpiry=00:00:03",
            "Redis:LockRenewInterval=00:00:01",
            "ResumableUploads:LockWaitTimeout=00:00:15",
            $"ResumableUploads:CredentialKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
        }.Concat(sharedStaging ? [$"ResumableUploads:StagingDirectory={Path.Combine(root, "shared-staging")}"] : [])
            .Concat(extraSettings).ToArray();
        var cluster = new ScaleOutCluster(redis, armadietto, root, settings);
        cluster.A = await cluster.StartInstanceAsync("a");
        cluster.B = await cluster.StartInstanceAsync("b");
        return cluster;
    }

    /// <summary>Starts one more instance with the shared settings and its own data directory.</summary>
    public Task<ProxyProcess> StartInstanceAsync(string name, params string[] overrides) =>
        ProxyProcess.StartAsync(Armadietto.Origin, Path.Combine(Root, name), 0, Settings.Concat(overrides).ToArray());

    /// <summary>A document path in the test user's storage.</summary>
    public string Document(string name) => $"/storage/{Armadietto.User}/docs/{name}";

    public TusClient Client(ProxyProcess instance) => new(instance.Origin, Armadietto.Token);

    /// <summary>The upload id the instances give <paramref name="path"/> for the test user's token.</summary>
    public string UploadIdOf(string path)
    {
        var key = Settings.Last(s => s.StartsWith("ResumableUploads:CredentialKey=", StringComparison.Ordinal)).Split('=', 2)[1];
        var hash = new RsResumeProxy.Staging.Identity.CredentialHasher(Convert.FromBase64String(key)).Hash("Bearer " + Armadietto.Token);
        return RsResumeProxy.Staging.State.UploadId.ForDocument(path, hash);
    }

    /// <summary>The document as the RS server itself serves it, bypassing the proxies.</summary>
    public async Task<byte[]> ReadFromArmadiettoAsync(string path)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Armadietto.Origin + path);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Armadietto.Token);
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Length of the one staged upload file in the shared staging directory (0 when none).</summary>
    public long StagedLength() => StagedFiles.LargestLength(SharedStaging);

    public string Logs() => $"--- A ---\n{A?.Log}\n--- B ---\n{B?.Log}\n--- redis ---\n{Redis.Log}";

    public async ValueTask DisposeAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        await Armadietto.DisposeAsync();
        await Redis.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
