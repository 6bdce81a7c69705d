namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// A real armadietto with the proxy (in-process, real Kestrel) in front of it, shared by the tests
/// of the "proxied" collection. Each test uses its own document paths, so tests do not see each
/// other's uploads; tests that stop the backend must restart it before they end.
/// </summary>
public sealed class ProxiedBackendFixture : IAsyncLifetime
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

    public async Task InitializeAsync()
    {
        _backend = await ArmadiettoServer.StartAsync();
        _proxy = await ProxyServer.StartAsync(_backend.Origin,
            $"ResumableUploads:MaxUploadSize={MaxUploadSize}",
            "ResumableUploads:LockWaitTimeout=00:00:05");
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        if (_backend is not null) await _backend.DisposeAsync();
    }

    /// <summary>A fresh folder path for one test, so tests never share documents.</summary>
    public static string UniqueFolder(string test) => $"t-{test.ToLowerInvariant()}-{Guid.NewGuid():N}";
}
