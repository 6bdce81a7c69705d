using Xunit.Abstractions;
using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Faults;

/// <summary>
/// The proxy process killed (kill -9) at random points of a PATCH body, again and again, with a
/// client that resumes after each restart as a tus client does (HEAD, then the rest): the document
/// armadietto ends up with is byte-identical. A fixed number of kills, never timed.
/// </summary>
[Collection(ArmadiettoCollection.Name)]
[Trait(ProxyProcess.Trait, ProxyProcess.Separate)]
public sealed class KillAndResumeFuzzTests(ArmadiettoFixture fixture, ITestOutputHelper output) : ProxyProcessTest(fixture, "killfuzz")
{
    private const int Kills = 6;

    [Fact]
    public async Task KilledAtRandomPoints_TheResumingClientEndsWithTheExactDocument()
    {
        var random = FuzzSeed.Start(output, nameof(KilledAtRandomPoints_TheResumingClientEndsWithTheExactDocument));
        var document = new byte[3_000_000];
        random.NextBytes(document);
        var path = $"/storage/{Backend.User}/{Folder}/killed.bin";
        Assert.Equal(HttpStatusCode.Created, (await Http.PostAsync(Proxy.Origin + path, document.Length)).StatusCode);

        long acknowledged = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            var offset = TusHttp.Offset(await Http.HeadAsync(Proxy.Origin + path))!.Value;
            Assert.InRange(offset, acknowledged, document.Length - 1); // never loses what it had, never more than sent
            acknowledged = offset;
            var rest = document.Length - (int)offset;
            var cut = random.Next(0, rest);
            output.WriteLine($"kill {kill}: offset {offset}, killed after sending {cut} of {rest} bytes");
            await using (var patch = await RawHttpConnection.StartRequestAsync(Proxy.Origin, "PATCH", path, new Dictionary<string, string>
            {
                ["Authorization"] = "Bearer " + Backend.Token, ["Tus-Resumable"] = "1.0.0", ["Upload-Offset"] = offset.ToString(),
                ["Content-Type"] = "application/offset+octet-stream", ["Content-Length"] = rest.ToString(),
            }))
            {
                await patch.WriteAsync(document[(int)offset..((int)offset + cut)]);
                Proxy.Kill();
            }
            Proxy = await Proxy.RestartAsync();
        }

        var final = TusHttp.Offset(await Http.HeadAsync(Proxy.Origin + path))!.Value;
        Assert.InRange(final, acknowledged, document.Length - 1);
        using var completing = await Http.PatchAsync(Proxy.Origin + path, final, document[(int)final..]);
        Assert.Equal(HttpStatusCode.Created, completing.StatusCode);
        var stored = await Http.GetAsync($"{Backend.StorageRoot}/{Folder}/killed.bin");
        Assert.Equal(SHA256.HashData(document), SHA256.HashData(stored.Body));
    }
}
