using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>checksum (checklist 2.5): verified while the body streams, a bad chunk discarded.</summary>
[Collection(ProxiedCollection.Name)]
public class ChecksumTests(ProxiedBackendFixture fixture) : ConformanceTest(fixture)
{
    public static string Checksum(string algorithm, byte[] data) => algorithm + " " + Convert.ToBase64String(algorithm switch
    {
        "sha1" => SHA1.HashData(data),
        "md5" => MD5.HashData(data),
        "sha256" => SHA256.HashData(data),
        "sha512" => SHA512.HashData(data),
        "crc32" => BigEndian(Crc32.HashToUInt32(data)),
        _ => throw new ArgumentException(algorithm),
    });

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static Action<HttpRequestMessage> WithChecksum(string value) => r => r.Headers.TryAddWithoutValidation("Upload-Checksum", value);

    [Fact, Trait("tus", "EXT-CK-01")]
    public async Task Options_AnnouncesTheChecksumAlgorithms()
    {
        using var response = await Tus.SendAsync(new HttpRequestMessage(HttpMethod.Options, Url("ck01.bin")));
        Assert.Equal("sha1,md5,sha256,sha512,crc32", TusHttp.Header(response, "Tus-Checksum-Algorithm"));
    }

    [Theory, Trait("tus", "EXT-CK-02"), Trait("tus", "EXT-CK-04")]
    [InlineData("sha1")]
    [InlineData("md5")]
    [InlineData("sha256")]
    [InlineData("sha512")]
    [InlineData("crc32")]
    public async Task Patch_WithMatchingChecksum_Returns204AndKeepsTheChunk(string algorithm)
    {
        var url = Url("ck02.bin");
        var data = Bytes(200_000);
        await CreateAsync(url, data.Length + 10);
        using var patch = await Tus.PatchAsync(url, 0, data, configure: WithChecksum(Checksum(algorithm, data)));
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.Equal(data.Length, TusHttp.Offset(patch));
        Assert.Equal(data, await StagedBytesAsync(UploadIdOf("ck02.bin")));
    }

    [Fact, Trait("tus", "EXT-CK-05")]
    public async Task Patch_WithSha1Mismatch_Returns460AndDiscardsChunk()
    {
        var url = Url("ck05.bin");
        var first = Bytes(1_000, 1);
        var second = Bytes(100_000, 2);
        await CreateAsync(url, 200_000, first);
        using var patch = await Tus.PatchAsync(url, first.Length, second, configure: WithChecksum(Checksum("sha1", Bytes(100_000, 3))));
        Assert.Equal(460, (int)patch.StatusCode);
        Assert.Equal("Checksum Mismatch", patch.ReasonPhrase);
        Assert.Equal(first.Length, await OffsetAsync(url));
        Assert.Equal(first, await StagedBytesAsync(UploadIdOf("ck05.bin")));
        // The chunk sent again with the right checksum is taken.
        using var retry = await Tus.PatchAsync(url, first.Length, second, configure: WithChecksum(Checksum("sha1", second)));
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
    }

    [Fact, Trait("tus", "EXT-CK-06")]
    public async Task Patch_WithUnknownAlgorithm_Returns400BeforeReadingTheBody()
    {
        var url = Url("ck06.bin");
        await CreateAsync(url, 1_000);
        await using var connection = await RawHttpConnection.OpenAsync(ProxyOrigin);
        await connection.WriteHeadAsync("PATCH", PathOf("ck06.bin"), ("Authorization", Authorization), ("Tus-Resumable", "1.0.0"),
            ("Upload-Offset", "0"), ("Content-Type", OctetStream), ("Content-Length", "1000"), ("Expect", "100-continue"),
            ("Upload-Checksum", "blake2 AAAA"));
        var answer = await connection.ReadResponseAsync();
        Assert.Equal(400, answer.Status); // not 100 Continue
        Assert.Contains("sha1", answer.Body);
        Assert.Equal(0, await OffsetAsync(url));
    }

    [Theory, Trait("tus", "EXT-CK-07")]
    [InlineData("sha1")]
    [InlineData("sha1 not-base64!")]
    [InlineData("sha1 AAAA")]
    [InlineData("sha1  Kq5sNclPz7QV2+lfQIuc6R7oRu0=")]
    public async Task Patch_WithMalformedChecksum_Returns400AndKeepsNothing(string header)
    {
        var url = Url("ck07.bin");
        await CreateAsync(url, 100);
        using var patch = await Tus.PatchAsync(url, 0, Bytes(10), configure: WithChecksum(header));
        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        Assert.Equal(0, await OffsetAsync(url));
    }

    [Fact, Trait("tus", "EXT-CK-08")]
    public async Task Patch_WithChecksum_InterruptedMidBody_DiscardsThePartialChunk()
    {
        var url = Url("ck08.bin");
        var cut = Fixture.MidBodyCut(40_000);
        var data = Bytes(cut + 60_000);
        await CreateAsync(url, data.Length, data[..500]);
        await using (var connection = await RawHttpConnection.OpenAsync(ProxyOrigin))
        {
            await connection.WriteHeadAsync("PATCH", PathOf("ck08.bin"), ("Authorization", Authorization), ("Tus-Resumable", "1.0.0"),
                ("Upload-Offset", "500"), ("Content-Type", OctetStream), ("Content-Length", (data.Length - 500).ToString()),
                ("Upload-Checksum", Checksum("sha256", data[500..])));
            await connection.WriteAsync(data[500..cut]);
            await DropMidBodyAsync(connection, UploadIdOf("ck08.bin"), cut);
        }
        // Once the proxy has noticed the reset it cuts the chunk off; HEAD waits for that (lease).
        Assert.Equal(500, await OffsetAsync(url));
        Assert.Equal(500, await StagedLengthAsync(UploadIdOf("ck08.bin")));
    }

    [Fact, Trait("tus", "EXT-CWU-06")]
    public async Task PostWithBodyAndChecksumMismatch_Returns460_AndLeavesAnEmptyUploadToResume()
    {
        var url = Url("cwu06.bin");
        var data = Bytes(5_000);
        using var created = await Tus.PostAsync(url, data.Length, data, configure: WithChecksum(Checksum("md5", Bytes(5_000, 9))));
        Assert.Equal(460, (int)created.StatusCode);
        Assert.Equal(PathOf("cwu06.bin"), created.Headers.Location?.OriginalString);
        Assert.Equal(0, await OffsetAsync(url));
        using var patch = await Tus.PatchAsync(url, 0, data, configure: WithChecksum(Checksum("md5", data)));
        Assert.True(patch.IsSuccessStatusCode, $"{(int)patch.StatusCode}");
        Assert.Equal(data, (await BackendDocumentAsync("cwu06.bin"))!.Value.Body);
    }
}
