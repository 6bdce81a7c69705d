using Xunit.Abstractions;
using System.Net;
using System.Text;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Faults;

/// <summary>Attempts to stage bytes with tokens armadietto never issued: every creation gets the
/// backend's refusal and not one byte reaches the staging directory. Bounded and seeded.</summary>
[Collection(ProxiedCollection.Name)]
public sealed class BogusTokenFuzzTests(ProxiedBackendFixture fixture, ITestOutputHelper output)
{
    private const int Attempts = 40;

    [Fact]
    public async Task BogusTokens_StageNothing()
    {
        var random = FuzzSeed.Start(output, nameof(BogusTokens_StageNothing));
        var folder = ProxiedBackendFixture.UniqueFolder("bogus");
        var before = Directory.GetFiles(fixture.Proxy.StagingDirectory).ToHashSet();
        using var http = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 });
        string[] forms = ["Bearer {0}", "bearer {0}", "Bearer {0}{0}", "Basic {0}", "{0}", "Bearer  {0} "];

        for (var i = 0; i < Attempts; i++)
        {
            var token = Convert.ToBase64String(Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256)).ToArray());
            var byPut = random.Next(2) == 0;
            var request = new HttpRequestMessage(byPut ? HttpMethod.Put : HttpMethod.Post, $"{fixture.ProxiedRoot}/{folder}/doc{random.Next(3)}.bin");
            request.Headers.TryAddWithoutValidation("Authorization", string.Format(forms[random.Next(forms.Length)], token));
            request.Headers.TryAddWithoutValidation("Tus-Resumable", "1.0.0");
            request.Headers.TryAddWithoutValidation("Upload-Length", "1000000");
            var body = new byte[random.Next(0, 50_000)];
            random.NextBytes(body);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", byPut ? "application/octet-stream" : "application/offset+octet-stream");

            using var response = await http.SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest,
                $"attempt {i} got {(int)response.StatusCode}");
        }

        // The collection's tests run one at a time, so any new staged file would be a bogus token's.
        Assert.Empty(Directory.GetFiles(fixture.Proxy.StagingDirectory, "*.bin").Where(f => !before.Contains(f)));
        Assert.Equal(404, (await new TusHttp(fixture.Backend.Token).GetAsync($"{fixture.DirectRoot}/{folder}/doc0.bin")).Status);
    }
}
