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
public sealed class KillAndResumeFuzzTests(ArmadiettoFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Kills = 6;
    private readonly string _data = Directory.CreateTempSubdirectory("rsrp-killfuzz-").FullName;
    private readonly string _folder = ProxiedBackendFixture.UniqueFolder("killfuzz");
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

    [Fact]
    public async Task KilledAtRandomPoints_TheResumingClientEndsWithTheExactDocument()
    {
        var random = FuzzSeed.Start(output, nameof(KilledAtRandomPoints_TheResumingClientEndsWithTheExactDocument));
        var document = new byte[3_000_000];
        random.NextBytes(document);
        var path = $"/storage/{Backend.User}/{_folder}/killed.bin";
        Assert.Equal(HttpStatusCode.Created, (await _http.PostAsync(_proxy.Origin + path, document.Length)).StatusCode);

        long acknowledged = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            var offset = TusHttp.Offset(await _http.HeadAsync(_proxy.Origin + path))!.Value;
            Assert.InRange(offset, acknowledged, document.Length - 1); // never loses what it had, never more than sent
            acknowledged = offset;
            var rest = document.Length - (int)offset;
            var cut = random.Next(0, rest);
            output.WriteLine($"kill {kill}: offset {offset}, killed after sending {cut} of {rest} bytes");
            await using (var patch = await RawHttpConnection.StartRequestAsync(_proxy.Origin, "PATCH", path, new Dictionary<string, string>
            {
                ["Authorization"] = "Bearer " + Backend.Token, ["Tus-Resumable"] = "1.0.0", ["Upload-Offset"] = offset.ToString(),
                ["Content-Type"] = "application/offset+octet-stream", ["Content-Length"] = rest.ToString(),
            }))
            {
                await patch.WriteAsync(document[(int)offset..((int)offset + cut)]);
                _proxy.Kill();
            }
            _proxy = await _proxy.RestartAsync();
        }

        var final = TusHttp.Offset(await _http.HeadAsync(_proxy.Origin + path))!.Value;
        Assert.InRange(final, acknowledged, document.Length - 1);
        using var completing = await _http.PatchAsync(_proxy.Origin + path, final, document[(int)final..]);
        Assert.Equal(HttpStatusCode.Created, completing.StatusCode);
        var stored = await _http.GetAsync($"{Backend.StorageRoot}/{_folder}/killed.bin");
        Assert.Equal(SHA256.HashData(document), SHA256.HashData(stored.Body));
    }
}
