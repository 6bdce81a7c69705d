namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// One shared base for tests that run the proxy as a child process (so it can be killed -9 and
/// restarted) in front of the shared armadietto: a data directory of its own, the proxy, and a tus
/// client holding armadietto's token; all cleaned up afterwards.
/// </summary>
public abstract class ProxyProcessTest(ArmadiettoFixture fixture, string name) : IAsyncLifetime
{
    protected readonly string Data = Directory.CreateTempSubdirectory($"rsrp-{name}-").FullName;
    protected readonly string Folder = ProxiedBackendFixture.UniqueFolder(name);

    protected ProxyProcess Proxy { get; set; } = null!;

    protected TusHttp Http { get; private set; } = null!;

    protected ArmadiettoServer Backend => fixture.Server;

    public async Task InitializeAsync()
    {
        Proxy = await ProxyProcess.StartAsync(Backend.Origin, Data);
        Http = new TusHttp(Backend.Token);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Proxy.DisposeAsync();
        Directory.Delete(Data, recursive: true);
    }
}
