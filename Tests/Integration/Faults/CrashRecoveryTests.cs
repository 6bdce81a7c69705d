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
[Trait(ProxyProcess.Trait, ProxyProcess.Separate)]
public sealed class CrashRecoveryTests(ArmadiettoFixture fixture) : ProxyProcessTest(fixture, "crash")
{

    private string Path(string name) => $"/storage/{Backend.User}/{Folder}/{name}";

    private async Task RestartAsync()
    {
        Proxy.Kill();
        Proxy = await Proxy.RestartAsync();
    }

    private async Task FinishAndVerifyAsync(string name, byte[] document)
    {
        var url = Proxy.Origin + Path(name);
        var head = await Http.HeadAsync(url);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        var offset = TusHttp.Offset(head)!.Value;
        var patch = await Http.PatchAsync(url, offset, document[(int)offset..]);
        Assert.True(patch.IsSuccessStatusCode, $"{patch.StatusCode}: {await patch.Content.ReadAsStringAsync()}");
        var stored = await Http.GetAsync($"{Backend.StorageRoot}/{Folder}/{name}");
        Assert.Equal(SHA256.HashData(document), SHA256.HashData(stored.Body));
    }

    [Fact]
    public async Task KillDuringAPatchBody_KeepsTheBytesTakenIn_AndTheUploadFinishes()
    {
        var document = RandomNumberGenerator.GetBytes(4_000_000);
        var url = Proxy.Origin + Path("during.bin");
        Assert.Equal(HttpStatusCode.Created, (await Http.PostAsync(url, document.Length, document[..500_000])).StatusCode);

        await using (var patch = await RawHttpConnection.StartRequestAsync(Proxy.Origin, "PATCH", Path("during.bin"), new Dictionary<string, string>
        {
            ["Authorization"] = "Bearer " + Backend.Token, ["Tus-Resumable"] = "1.0.0", ["Upload-Offset"] = "500000",
            ["Content-Type"] = "application/offset+octet-stream", ["Content-Length"] = (document.Length - 500_000).ToString(),
        }))
        {
            await patch.WriteAsync(document[500_000..2_000_000]);
            await StagedFiles.WaitForAsync(System.IO.Path.Combine(Data, "staging"), 2_000_000);
            await RestartAsync();
        }

        var head = await Http.HeadAsync(Proxy.Origin + Path("during.bin"));
        var offset = TusHttp.Offset(head)!.Value;
        Assert.InRange(offset, 500_000, 2_000_000);
        await FinishAndVerifyAsync("during.bin", document);
    }

    [Fact]
    public async Task KillBetweenPatches_KeepsExactlyTheAcknowledgedOffset()
    {
        var document = RandomNumberGenerator.GetBytes(3_000_000);
        var url = Proxy.Origin + Path("between.bin");
        await Http.PostAsync(url, document.Length);
        var first = await Http.PatchAsync(url, 0, document[..1_234_567]);
        Assert.Equal(1_234_567, TusHttp.Offset(first));

        await RestartAsync();

        Assert.Equal(1_234_567, TusHttp.Offset(await Http.HeadAsync(Proxy.Origin + Path("between.bin"))));
        await FinishAndVerifyAsync("between.bin", document);
    }

    [Fact]
    public async Task TornStateRecord_IsReportedAndNotTrusted()
    {
        var url = Proxy.Origin + Path("torn.bin");
        await Http.PostAsync(url, 1000, new byte[100]);
        Proxy.Kill();
        var record = Directory.GetFiles(System.IO.Path.Combine(Data, "state"), "*.json").Single();
        var bytes = await File.ReadAllBytesAsync(record);
        await File.WriteAllBytesAsync(record, bytes[..(bytes.Length / 3)]);
        Proxy = await Proxy.RestartAsync();

        var head = await Http.HeadAsync(Proxy.Origin + Path("torn.bin"));

        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Contains("rejected", Proxy.Log);
        // A new upload at the same URL starts cleanly.
        Assert.Equal(HttpStatusCode.Created, (await Http.PostAsync(Proxy.Origin + Path("torn.bin"), 1000, new byte[10])).StatusCode);
    }
}
