using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RsResumeProxy.Staging.Identity;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Faults;

/// <summary>A request that dies at any moment releases the upload's lease: the next request on the
/// upload is served, never answered 423 for good.</summary>
public sealed class LeaseReleaseTests
{
    [Theory]
    [InlineData("HEAD")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task RequestResetWhileReadingStateUnderItsLease_ReleasesTheLease(string method)
    {
        await using var backend = await RecordingBackend.StartAsync();
        BlockingReadStateStore? store = null;
        await using var proxy = await ProxyServer.StartAsync(backend.Origin,
            builder => builder.Host.ConfigureContainer<IServiceCollection>((_, services) => BlockingReadStateStore.Decorate(services, s => store = s)),
            "ResumableUploads:LockWaitTimeout=00:00:02");
        using var http = new TusHttp("t");
        var path = "/storage/a/leased.bin";
        using (var created = await http.PostAsync(proxy.Origin + path, 100, new byte[10])) Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = UploadId.ForDocument(path, proxy.Services.GetRequiredService<CredentialHasher>().Hash("Bearer t"));
        Assert.NotNull(store);

        // The first read is the look before the lock; the second is made under the lease.
        store!.BlockRead(id, readNumber: 2);
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer t", ["Tus-Resumable"] = "1.0.0" };
        if (method == "PATCH")
        {
            headers["Upload-Offset"] = "10";
            headers["Content-Type"] = "application/offset+octet-stream";
            headers["Content-Length"] = "5";
        }
        var dying = await RawHttpConnection.StartRequestAsync(proxy.Origin, method, path, headers);
        await store.Blocked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        dying.Reset();
        await store.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var head = await http.HeadAsync(proxy.Origin + path);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(10, TusHttp.Offset(head));
    }
}
