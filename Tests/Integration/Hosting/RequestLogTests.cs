using System.Net;
using System.Text.RegularExpressions;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Hosting;

/// <summary>The request log of a real proxy process: one structured line per request, and never a token.</summary>
[Trait(ProxyProcess.Trait, ProxyProcess.Separate)]
public sealed class RequestLogTests : IAsyncLifetime
{
    private RecordingBackend _backend = null!;
    private ProxyProcess _proxy = null!;
    private string _data = null!;
    private const string Token = "S3cr3t-T0ken+/=";

    public async Task InitializeAsync()
    {
        _backend = await RecordingBackend.StartAsync();
        _data = Directory.CreateTempSubdirectory("rsrp-log-").FullName;
        _proxy = await ProxyProcess.StartAsync(_backend.Origin, _data);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _backend.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task EveryRequest_IsLoggedOnce_WithMethodPathStatusBytesDurationAndUploadId_AndNoToken()
    {
        using var http = new TusHttp(Token);
        var url = _proxy.Origin + "/storage/alice/logged.bin";
        var created = await http.PostAsync(url, 20, new byte[12]);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await http.GetAsync(_proxy.Origin + "/storage/alice/plain.txt?access_token=" + Uri.EscapeDataString(Token));
        var bad = await http.PatchAsync(url, 3, new byte[1]);
        Assert.Equal(HttpStatusCode.Conflict, bad.StatusCode);

        var log = await WaitForLogAsync(l => l.Contains("PATCH /storage/alice/logged.bin 409"));

        Assert.Matches(new Regex(@"POST /storage/alice/logged\.bin 201 in [0-9.]+ ms, 12 bytes in, 0 bytes out, upload [0-9a-f]{40}"), log);
        Assert.Matches(new Regex(@"GET /storage/alice/plain\.txt 201 in [0-9.]+ ms, 0 bytes in, 0 bytes out, upload -"), log);
        Assert.Single(Regex.Matches(log, "POST /storage/alice/logged.bin"));
        Assert.DoesNotContain(Token, log);
        Assert.DoesNotContain(Uri.EscapeDataString(Token), log);
        Assert.DoesNotContain("access_token", log);
    }

    private async Task<string> WaitForLogAsync(Func<string, bool> done)
    {
        // A safety net, not a timing assertion: the caller's assertions say what was missing.
        await Poll.UntilAsync(() => done(_proxy.Log), TimeSpan.FromSeconds(20));
        return _proxy.Log;
    }
}
