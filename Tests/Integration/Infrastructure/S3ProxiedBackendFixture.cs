namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// The "proxied" fixture with staging in S3: a real moto_server beside armadietto, and every proxy
/// of the fixture staging in its bucket under a prefix of its own, so the conformance matrix runs
/// unchanged on the object-storage store.
/// </summary>
public sealed class S3ProxiedBackendFixture : ProxiedBackendFixture
{
    private MotoServer? _moto;

    public MotoServer Moto => _moto ?? throw new InvalidOperationException("Not initialised.");

    private const int PartSize = RsResumeProxy.Staging.ObjectStorage.S3StagingSettings.MinimumPartSize;

    public override int MidBodyCut(int bytes) => PartSize + bytes;

    public override long ShownMidBody(long sent) => sent / PartSize * PartSize;

    public override async Task InitializeAsync()
    {
        _moto = await MotoServer.StartAsync();
        await base.InitializeAsync();
    }

    protected override string[] StagingSettings() => Moto.ProxySettings(MotoFixture.NewPrefix());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_moto is not null) await _moto.DisposeAsync();
    }
}
