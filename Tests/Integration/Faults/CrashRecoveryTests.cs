using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Faults;

/// <summary>
/// kill -9 of the proxy process at the points where state changes (during a PATCH body, between
/// PATCHes, during the commit), then a restart on the same data directory: every acknowledged
/// byte is there and the upload finishes to a byte-identical document.
/// </summary>
[Collection(ArmadiettoCollection.Name)]
public sealed class CrashRecoveryTests(ArmadiettoFixture fixture) : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("rsrp-crash-").FullName;
    private readonly string _folder = ProxiedBackendFixture.UniqueFolder("crash");
    private ProxyProcess _proxy = null!;
    private TusHttp _http = null!;

    private ArmadiettoServer Backend => fixture.Server;

    public async Task InitializeAsync()
    {
        _proxy = await ProxyProcess.StartAsync(Backend.Origin, _data);
        _http = new TusHttp(Backend.Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _proxy.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private string Path(string name) => $"/storage/{Backend.User}/{_folder}/{name}";

    private async Task RestartAsync()
    {
        _proxy.Kill();
        _proxy = await _proxy.RestartAsync();
    }

    private async Task FinishAndVerifyAsync(string name, byte[] document)
    {
        var url = _proxy.Origin + Path(name);
        var head = await _http.HeadAsync(url);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        var offset = TusHttp.Offset(head)!.Value;
        var patch = await _http.PatchAsync(url, offset, document[(int)offset..]);
        Assert.True(patch.IsSuccessStatusCode, $"{patch.StatusCode}: {await patch.Content.ReadAsStringAsync()}");
        var stored = await _http.GetAsync($"{Backend.StorageRoot}/{_folder}/{name}");
        Assert.Equal(SHA256.HashData(document), SHA256.HashData(stored.Body));
    }

    [Fact]
    public async Task KillDuringAPatchBody_KeepsTheBytesTakenIn_AndTheUploadFinishes()
    {
        var document = RandomNumberGenerator.GetBytes(4_000_000);
        var url = _proxy.Origin + Path("during.bin");
        Assert.Equal(HttpStatusCode.Created, (await _http.PostAsync(url, document.Length, document[..500_000])).StatusCode);

        await using (var patch = await RawHttpConnection.StartRequestAsync(_proxy.Origin, "PATCH", Path("during.bin"), new Dictionary<string, string>
        {
            ["Authorization"] = "Bearer " + Backend.Token, ["Tus-Resumable"] = "1.0.0", ["Upload-Offset"] = "500000",
            ["Content-Type"] = "application/offset+octet-stream", ["Content-Length"] = (document.Length - 500_000).ToString(),
        }))
        {
            await patch.WriteAsync(document[500_000..2_000_000]);
            await StagedFiles.WaitForAsync(System.IO.Path.Combine(_data, "staging"), 2_000_000);
            await RestartAsync();
        }

        var head = await _http.HeadAsync(_proxy.Origin + Path("during.bin"));
        var offset = TusHttp.Offset(head)!.Value;
        Assert.InRange(offset, 500_000, 2_000_000);
        await FinishAndVerifyAsync("during.bin", document);
    }

    [Fact]
    public async Task KillBetweenPatches_KeepsExactlyTheAcknowledgedOffset()
    {
        var document = RandomNumberGenerator.GetBytes(3_000_000);
        var url = _proxy.Origin + Path("between.bin");
        await _http.PostAsync(url, document.Length);
        var first = await _http.PatchAsync(url, 0, document[..1_234_567]);
        Assert.Equal(1_234_567, TusHttp.Offset(first));

        await RestartAsync();

        Assert.Equal(1_234_567, TusHttp.Offset(await _http.HeadAsync(_proxy.Origin + Path("between.bin"))));
        await FinishAndVerifyAsync("between.bin", document);
    }

    [Fact]
    public async Task TornStateRecord_IsReportedAndNotTrusted()
    {
        var url = _proxy.Origin + Path("torn.bin");
        await _http.PostAsync(url, 1000, new byte[100]);
        _proxy.Kill();
        var record = Directory.GetFiles(System.IO.Path.Combine(_data, "state"), "*.json").Single();
        var bytes = await File.ReadAllBytesAsync(record);
        await File.WriteAllBytesAsync(record, bytes[..(bytes.Length / 3)]);
        _proxy = await _proxy.RestartAsync();

        var head = await _http.HeadAsync(_proxy.Origin + Path("torn.bin"));

        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Contains("rejected", _proxy.Log);
        // A new upload at the same URL starts cleanly.
        Assert.Equal(HttpStatusCode.Created, (await _http.PostAsync(_proxy.Origin + Path("torn.bin"), 1000, new byte[10])).StatusCode);
    }
}
