using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Faults;

/// <summary>One request at a time per upload, and no stale locks: a newer request stops an older
/// one that stalled (its bytes kept), and a body that stalls past BodyIdleTimeout lets go by itself.</summary>
[Trait(ProxyProcess.Trait, ProxyProcess.Separate)]
public sealed class StalledRequestTests : IAsyncLifetime
{
    private ArmadiettoServer _backend = null!;
    private ProxyProcess _proxy = null!;
    private readonly string _data = Directory.CreateTempSubdirectory("rsrp-stall-").FullName;

    public async Task InitializeAsync()
    {
        _backend = await ArmadiettoServer.StartAsync();
        _proxy = await ProxyProcess.StartAsync(_backend.Origin, _data, 0,
            "ResumableUploads:BodyIdleTimeout=00:00:02", "ResumableUploads:MinBodyDataRate=0");
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _backend.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private Dictionary<string, string> PatchHeaders(long offset, long length) => new()
    {
        ["Authorization"] = "Bearer " + _backend.Token, ["Tus-Resumable"] = "1.0.0", ["Upload-Offset"] = offset.ToString(),
        ["Content-Type"] = "application/offset+octet-stream", ["Content-Length"] = length.ToString(),
    };

    [Fact]
    public async Task StalledPatchA_IsStoppedByHead_ThenPatchBAtTheReportedOffset_GivesTheExactDocument()
    {
        using var http = new TusHttp(_backend.Token);
        var document = RandomNumberGenerator.GetBytes(3_000_000);
        var path = $"/storage/{_backend.User}/stall/exact.bin";
        await http.PostAsync(_proxy.Origin + path, document.Length);

        await using var patchA = await RawHttpConnection.StartRequestAsync(_proxy.Origin, "PATCH", path, PatchHeaders(0, document.Length));
        await patchA.WriteAsync(document[..1_000_000]);
        await StagedFiles.WaitForAsync(Path.Combine(_data, "staging"), 1_000_000);
        // A now sends nothing more and keeps its connection open: a half-dead client.

        var head = await http.HeadAsync(_proxy.Origin + path);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        var offset = TusHttp.Offset(head)!.Value;
        Assert.Equal(1_000_000, offset);
        var answerToA = await patchA.TryReadResponseAsync();
        Assert.True(answerToA is null || answerToA.Status is < 200 or >= 300, $"A was answered {answerToA?.Status}");

        var patchB = await http.PatchAsync(_proxy.Origin + path, offset, document[(int)offset..]);
        Assert.Equal(HttpStatusCode.Created, patchB.StatusCode);
        var stored = await http.GetAsync($"{_backend.StorageRoot}/stall/exact.bin");
        Assert.Equal(SHA256.HashData(document), SHA256.HashData(stored.Body));
    }

    [Fact]
    public async Task BodyStalledPastTheIdleTimeout_ReleasesTheUploadByItself_KeepingItsBytes()
    {
        using var http = new TusHttp(_backend.Token);
        var path = $"/storage/{_backend.User}/stall/idle.bin";
        await http.PostAsync(_proxy.Origin + path, 1_000_000);

        await using var patch = await RawHttpConnection.StartRequestAsync(_proxy.Origin, "PATCH", path, PatchHeaders(0, 1_000_000));
        await patch.WriteAsync(new byte[300_000]);

        // Nobody else touches the upload: the proxy itself gives up on the silent body and answers.
        var answer = await patch.TryReadResponseAsync();
        Assert.NotNull(answer);
        Assert.Equal(503, answer.Status); // retryable by tus clients, unlike a 4xx
        Assert.Contains("IdleTimeout", _proxy.Log);
        Assert.Equal(300_000, TusHttp.Offset(await http.HeadAsync(_proxy.Origin + path)));
    }
}
