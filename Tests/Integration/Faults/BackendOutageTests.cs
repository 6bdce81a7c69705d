using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Faults;

/// <summary>Backend down or slow at commit time: the client gets 503/504, the staged upload is kept,
/// and the ordinary tus retry commits it once the backend is back.</summary>
public sealed class BackendOutageTests
{
    [Fact]
    public async Task BackendDownAtCommit_Returns503_AndTheRetryCommitsOnceItIsBack()
    {
        await using var backend = await ArmadiettoServer.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin);
        using var http = new TusHttp(backend.Token);
        var document = RandomNumberGenerator.GetBytes(500_000);
        var url = $"{proxy.Origin}/storage/{backend.User}/outage/doc.bin";
        await http.PostAsync(url, document.Length, document[..200_000]);

        await backend.StopAsync();
        var final = await http.PatchAsync(url, 200_000, document[200_000..]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, final.StatusCode);
        Assert.NotNull(final.Headers.RetryAfter);
        Assert.Equal(document.Length - 1, TusHttp.Offset(await http.HeadAsync(url)));

        await backend.RestartAsync();
        var offset = TusHttp.Offset(await http.HeadAsync(url))!.Value;
        var retry = await http.PatchAsync(url, offset, document[(int)offset..]);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(document, (await http.GetAsync($"{backend.StorageRoot}/outage/doc.bin")).Body);
    }

    [Fact]
    public async Task SlowBackendAtCommit_Returns504AfterCommitTimeout_AndTheUploadIsKept()
    {
        await using var backend = await RecordingBackend.StartAsync();
        var slow = new TaskCompletionSource();
        backend.Responder = async (_, context) => { await slow.Task; context.Response.StatusCode = 201; };
        await using var proxy = await ProxyServer.StartAsync(backend.Origin, "ResumableUploads:CommitTimeout=00:00:01");
        using var http = new TusHttp("t");
        var url = $"{proxy.Origin}/storage/alice/slow.bin";
        await http.PostAsync(url, 10, new byte[5]);

        var final = await http.PatchAsync(url, 5, new byte[5]);

        Assert.Equal(HttpStatusCode.GatewayTimeout, final.StatusCode);
        Assert.Equal(9, TusHttp.Offset(await http.HeadAsync(url)));
        slow.TrySetResult();
        backend.Responder = null;
        Assert.Equal(HttpStatusCode.Created, (await http.PatchAsync(url, 9, new byte[1])).StatusCode);
    }
}
