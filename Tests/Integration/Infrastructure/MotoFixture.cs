namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>One moto_server shared by a test class; tests keep apart by key prefix.</summary>
public sealed class MotoFixture : IAsyncLifetime
{
    public MotoServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await MotoServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A fresh key prefix, so tests sharing the server never see each other's objects.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12] + "/";
}
