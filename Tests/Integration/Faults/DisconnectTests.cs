using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Faults;

/// <summary>A PATCH or creation body cut off by a TCP reset after K bytes keeps them: the next HEAD
/// reports them and the resume finishes the document.</summary>
[Collection(ProxiedCollection.Name)]
public sealed class DisconnectTests(ProxiedBackendFixture fixture) : ProxiedTest(fixture)
{

    private Dictionary<string, string> Headers(params (string, string)[] extra)
    {
        var headers = new Dictionary<string, string>
        {
            ["Authorization"] = "Bearer " + Tus.Token,
            ["Tus-Resumable"] = "1.0.0",
        };
        foreach (var (name, value) in extra) headers[name] = value;
        return headers;
    }

    private async Task ResumeAndVerifyAsync(string name, byte[] document, long atLeast)
    {
        var url = $"{Fixture.ProxiedRoot}/{Folder}/{name}";
        var offset = TusHttp.Offset(await Tus.HeadAsync(url))!.Value;
        Assert.Equal(atLeast, offset);
        var patch = await Tus.PatchAsync(url, offset, document[(int)offset..]);
        Assert.True(patch.IsSuccessStatusCode, patch.StatusCode.ToString());
        Assert.Equal(SHA256.HashData(document), SHA256.HashData((await Tus.GetAsync($"{Fixture.DirectRoot}/{Folder}/{name}")).Body));
    }

    [Fact]
    public async Task PatchResetAfterKBytes_KeepsThem_AndTheResumeFinishesTheDocument()
    {
        var document = RandomNumberGenerator.GetBytes(6_000_000);
        var url = $"{Fixture.ProxiedRoot}/{Folder}/patch.bin";
        await Tus.PostAsync(url, document.Length, document[..1_000_000]);
        const int k = 2_500_000;

        await using (var patch = await RawHttpConnection.StartRequestAsync(Fixture.Proxy.Origin, "PATCH", $"/storage/{Fixture.Backend.User}/{Folder}/patch.bin",
            Headers(("Upload-Offset", "1000000"), ("Content-Type", "application/offset+octet-stream"), ("Content-Length", "5000000"))))
        {
            await patch.WriteAsync(document[1_000_000..(1_000_000 + k)]);
            await StagedFiles.WaitForAsync(Fixture.Proxy.StagingDirectory, 1_000_000 + k);
            patch.Reset();
        }

        await ResumeAndVerifyAsync("patch.bin", document, 1_000_000 + k);
    }

    [Fact]
    public async Task CreationWithUploadResetAfterKBytes_KeepsThem()
    {
        var document = RandomNumberGenerator.GetBytes(3_000_000);
        const int k = 1_200_000;
        await using (var post = await RawHttpConnection.StartRequestAsync(Fixture.Proxy.Origin, "POST", $"/storage/{Fixture.Backend.User}/{Folder}/post.bin",
            Headers(("Upload-Length", document.Length.ToString()), ("Content-Type", "application/offset+octet-stream"), ("Content-Length", document.Length.ToString()))))
        {
            await post.WriteAsync(document[..k]);
            await StagedFiles.WaitForAsync(Fixture.Proxy.StagingDirectory, k);
            post.Reset();
        }

        await ResumeAndVerifyAsync("post.bin", document, k);
    }
}
