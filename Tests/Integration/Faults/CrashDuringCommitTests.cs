using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Faults;

/// <summary>kill -9 while the commit PUT is at the backend: a recording backend holds the PUT
/// until the proxy is dead, so the kill lands inside the commit every time.</summary>
[Trait(ProxyProcess.Trait, ProxyProcess.Separate)]
public sealed class CrashDuringCommitTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("rsrp-crash-commit-").FullName;
    private RecordingBackend _backend = null!;
    private ProxyProcess _proxy = null!;

    public async Task InitializeAsync()
    {
        _backend = await RecordingBackend.StartAsync();
        _proxy = await ProxyProcess.StartAsync(_backend.Origin, _data);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _backend.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task KillDuringTheCommit_TheRestartedProxyCommitsTheWholeDocument()
    {
        var document = RandomNumberGenerator.GetBytes(2_000_000);
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        _backend.Responder = async (_, context) =>
        {
            held.TrySetResult();
            await release.Task;
            context.Response.StatusCode = 201;
            context.Response.Headers.ETag = "\"after-crash\"";
        };
        using var http = new TusHttp("t");
        var url = _proxy.Origin + "/storage/alice/commit.bin";
        await http.PostAsync(url, document.Length, document[..1_000_000]);

        var final = http.PatchAsync(url, 1_000_000, document[1_000_000..]);
        await held.Task;           // the whole document reached the backend; its answer is pending
        _proxy.Kill();
        release.TrySetResult();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => final);

        _proxy = await _proxy.RestartAsync();
        var head = await http.HeadAsync(url);
        // The outcome was never recorded, so the last byte is held back and the client retries.
        Assert.Equal(document.Length - 1, TusHttp.Offset(head));
        var retry = await http.PatchAsync(url, document.Length - 1, document[^1..]);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("\"after-crash\"", retry.Headers.ETag!.ToString());
        var last = _backend.Requests.Last();
        Assert.Equal(document.Length, last.BodyLength);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)), last.BodySha256);
    }
}
