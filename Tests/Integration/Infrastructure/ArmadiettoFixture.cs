using Xunit;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// One armadietto server shared by all tests of the "armadietto" collection (see <see cref="ArmadiettoCollection"/>),
/// because starting node per test would add about half a second each. Tests in the collection run one at a time,
/// so a test may stop and restart <see cref="Server"/>, but it must leave it running (restart it in a finally);
/// tests that need a server to themselves create their own with <see cref="ArmadiettoServer.StartAsync"/>.
/// </summary>
public sealed class ArmadiettoFixture : IAsyncLifetime
{
    private ArmadiettoServer? server;

    /// <summary>The shared server; available from the first test on.</summary>
    public ArmadiettoServer Server =>
        server ?? throw new InvalidOperationException("ArmadiettoFixture is not initialised (used outside xunit?).");

    /// <summary>Starts the server (xunit calls this once before the collection's first test).</summary>
    public async Task InitializeAsync() => server = await ArmadiettoServer.StartAsync();

    /// <summary>Stops the server and deletes its data (xunit calls this after the collection's last test).</summary>
    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
