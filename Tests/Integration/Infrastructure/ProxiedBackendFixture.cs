namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// A real armadietto with the proxy (in-process, real Kestrel) in front of it, shared by the tests
/// of the "proxied" collection. Each test uses its own document paths, so tests do not see each
/// other's uploads; tests that stop the backend must restart it before they end. Staging is on
/// local disk here; <see cref="S3ProxiedBackendFixture"/> runs the same tests with staging in S3.
/// </summary>
public class ProxiedBackendFixture : IAsyncLifetime
{
    private ArmadiettoServer? _backend;
    private ProxyServer? _proxy;

    public ArmadiettoServer Backend => _backend ?? throw new InvalidOperationException("Not initialised.");

    public ProxyServer Proxy => _proxy ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The storage root as seen through the proxy: http://127.0.0.1:PROXY/storage/USER.</summary>
    public string ProxiedRoot => $"{Proxy.Origin}/storage/{Backend.User}";

    /// <summary>The same storage root straight on the backend.</summary>
    public string DirectRoot => Backend.StorageRoot;

    /// <summary>Tus settings small enough to exercise limits in tests.</summary>
    public const long MaxUploadSize = 200L * 1024 * 1024;

    /// <summary>How many bytes a test sends before it cuts a body that should have taken
    /// <paramref name="bytes"/> in: that many on disk; object storage adds a part, since it shows
    /// nothing of a body before a whole part is stored.</summary>
    public virtual int MidBodyCut(int bytes) => bytes;

    /// <summary>What the staging store shows of <paramref name="sent"/> bytes while their body is
    /// still arriving: every byte on disk (each write), only the full parts on object storage.</summary>
    public virtual long ShownMidBody(long sent) => sent;

    public virtual async Task InitializeAsync()
    {
        _backend = await ArmadiettoServer.StartAsync();
        _proxy = await StartProxyAsync(
            $"ResumableUploads:MaxUploadSize={MaxUploadSize}",
            "ResumableUploads:LockWaitTimeout=00:00:05");
    }

    /// <summary>Another proxy in front of this fixture's backend, staging where the fixture's proxy stages.</summary>
    public Task<ProxyServer> StartProxyAsync(params string[] settings) =>
        ProxyServer.StartAsync(Backend.Origin, [.. StagingSettings(), .. settings]);

    /// <summary>The same, with a host the test adjusts before it is built (a clock it controls).</summary>
    public Task<ProxyServer> StartProxyAsync(Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder> configure, params string[] settings) =>
        ProxyServer.StartAsync(Backend.Origin, configure, [.. StagingSettings(), .. settings]);

    /// <summary>Settings that choose where the proxies of this fixture stage (none: local disk).</summary>
    protected virtual string[] StagingSettings() => [];

    public virtual async Task DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        if (_backend is not null) await _backend.DisposeAsync();
    }

    /// <summary>A fresh folder path for one test, so tests never share documents.</summary>
    public static string UniqueFolder(string test) => $"t-{test.ToLowerInvariant()}-{Guid.NewGuid():N}";
}
