using Xunit.Abstractions;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Faults;

/// <summary>
/// Bodies cut off at random positions, and malformed headers on every tus request: a bounded,
/// seeded set (the seed is printed; RSRP_FUZZ_SEED replays another), never timed.
/// </summary>
public sealed class CutBodyAndHeaderFuzzTests(ITestOutputHelper output)
{
    private const int Cuts = 25;
    private const int FuzzedRequests = 400;

    [Fact]
    public async Task BodiesCutOffAtRandomPositions_KeepAPrefix_AndTheDocumentEndsExact()
    {
        var random = FuzzSeed.Start(output, nameof(BodiesCutOffAtRandomPositions_KeepAPrefix_AndTheDocumentEndsExact));
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin);
        using var http = new TusHttp("t");
        var document = new byte[2_000_000];
        random.NextBytes(document);
        var path = "/storage/a/cut.bin";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(proxy.Origin + path, document.Length)).StatusCode);

        long offset = 0;
        for (var i = 0; i < Cuts; i++)
        {
            var rest = document.Length - (int)offset;
            var cut = random.Next(0, Math.Min(rest, 200_000));
            await using (var patch = await RawHttpConnection.StartRequestAsync(proxy.Origin, "PATCH", path, new Dictionary<string, string>
            {
                ["Authorization"] = "Bearer t", ["Tus-Resumable"] = "1.0.0", ["Upload-Offset"] = offset.ToString(),
                ["Content-Type"] = "application/offset+octet-stream", ["Content-Length"] = rest.ToString(),
            }))
            {
                await patch.WriteAsync(document[(int)offset..((int)offset + cut)]);
                patch.Reset();
            }
            using var head = await http.HeadAsync(proxy.Origin + path);
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            var now = TusHttp.Offset(head)!.Value;
            Assert.InRange(now, offset, offset + cut);
            offset = now;
        }

        using var completing = await http.PatchAsync(proxy.Origin + path, offset, document[(int)offset..]);
        Assert.Equal(HttpStatusCode.Created, completing.StatusCode);
        var commit = Assert.Single(backend.Requests);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)), commit.BodySha256);
    }

    private static readonly string[] BadNumbers = ["-1", "+0", "1e3", "5 6", "1,2", "0x10", "99999999999999999999999", "\u00C3\u00BC", "NaN"];

    private static readonly string[] TusHeaderNames =
    [
        "Tus-Resumable", "Upload-Offset", "Upload-Length", "Upload-Defer-Length", "Upload-Metadata", "Upload-Concat",
        "Upload-Checksum", "Content-Type", "X-HTTP-Method-Override", "Repr-Digest", "Content-MD5", "Trailer", "If-Match",
    ];

    /// <summary>Values no valid request carries for these headers: signs, spaces, exponents,
    /// overflow, lists, other encodings, control-free garbage and non-ASCII bytes.</summary>
    private static string MalformedValue(Random random) => random.Next(12) switch
    {
        0 => "+0", // not "": HttpClient drops an empty value, and a PUT without lengths is a valid creation by Content-Length
        1 => "-1",
        2 => "5 6",
        3 => "1e3",
        4 => "99999999999999999999999",
        5 => "1,2",
        6 => "\u00C3\u00BC\u00FF",
        7 => "final;/storage/a/x?tus-part=zz /../..",
        8 => "sha1 !!!notbase64",
        9 => new string('9', random.Next(20, 4000)),
        10 => "filename " + new string('=', random.Next(1, 50)),
        _ => Encoding.Latin1.GetString(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (byte)random.Next(0x20, 0xFF)).Where(b => b != 0x7F).ToArray()),
    };

    [Fact]
    public async Task FuzzedHeadersOnEveryTusRequest_NeverGet5xx_AndChangeNoUpload()
    {
        var random = FuzzSeed.Start(output, nameof(FuzzedHeadersOnEveryTusRequest_NeverGet5xx_AndChangeNoUpload));
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin);
        using var owner = new TusHttp("owner");
        var path = "/storage/a/fuzzed.bin";
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync(proxy.Origin + path, 100, new byte[10])).StatusCode);
        // Header values leave as the bytes written, non-ASCII included.
        using var fuzzer = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 });
        string[] methods = ["HEAD", "PATCH", "POST", "PUT", "DELETE"];

        for (var i = 0; i < FuzzedRequests; i++)
        {
            var method = methods[random.Next(methods.Length)];
            var request = new HttpRequestMessage(new HttpMethod(method), proxy.Origin + path);
            // Half with the owner's own credential, so the upload itself is what the headers aim at.
            request.Headers.TryAddWithoutValidation("Authorization", random.Next(2) == 0 ? "Bearer owner" : "Bearer " + MalformedValue(random));
            request.Headers.TryAddWithoutValidation("Tus-Resumable", "1.0.0");
            var fuzzed = new List<string>();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                var name = TusHeaderNames[random.Next(TusHeaderNames.Length)];
                var value = MalformedValue(random);
                fuzzed.Add(name);
                if (name == "Tus-Resumable") request.Headers.Remove(name);
                if (name == "Content-Type")
                {
                    request.Content ??= new ByteArrayContent(new byte[random.Next(0, 3) * 7]);
                    request.Content.Headers.TryAddWithoutValidation(name, value);
                }
                else
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }
            // A request that could change the upload always carries one number no valid request has
            // (the other fuzzed headers are parsed too, before or after it).
            if (method is "PATCH" or "POST" or "PUT")
            {
                var number = method == "PATCH" ? "Upload-Offset" : "Upload-Length";
                request.Headers.Remove(number);
                request.Headers.TryAddWithoutValidation(number, BadNumbers[random.Next(BadNumbers.Length)]);
            }
            if (method == "DELETE" && request.Headers.Authorization?.ToString() == "Bearer owner")
            {
                // A well-formed DELETE by the owner would rightly end the upload: aim it at another credential.
                request.Headers.Remove("Authorization");
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + MalformedValue(random));
            }

            var sent = string.Join("; ", request.Headers.Select(h => h.Key + ": " + string.Join(",", h.Value)));
            using var response = await fuzzer.SendAsync(request);
            Assert.False(method is "POST" or "PUT" or "PATCH" && response.IsSuccessStatusCode,
                $"request {i} ({method} {sent}) changed the upload: {(int)response.StatusCode}");
            Assert.True((int)response.StatusCode < 500,
                $"request {i} ({method} with {string.Join(", ", fuzzed)}) got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using var head = await owner.HeadAsync(proxy.Origin + path);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(10, TusHttp.Offset(head));
        Assert.Equal("100", TusHttp.Header(head, "Upload-Length"));
        Assert.Empty(backend.Requests); // nothing committed, nothing passed through
    }
}
