using System.Text;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>checksum-trailer (checklist 2.6): Upload-Checksum as a trailer after a chunked HTTP/1.1 body.</summary>
[Collection(ProxiedCollection.Name)]
public class ChecksumTrailerTests(ProxiedBackendFixture fixture) : ConformanceTest(fixture)
{
    private async Task<RawHttpResponse> PatchWithTrailerAsync(string name, long offset, byte[] data, string? trailer,
        params (string, string)[] extraHeaders)
    {
        await using var connection = await RawHttpConnection.OpenAsync(ProxyOrigin);
        (string, string)[] headers =
        [
            ("Authorization", Authorization), ("Tus-Resumable", "1.0.0"), ("Upload-Offset", offset.ToString()),
            ("Content-Type", OctetStream), ("Transfer-Encoding", "chunked"), ("Trailer", "Upload-Checksum"), .. extraHeaders,
        ];
        await connection.WriteHeadAsync("PATCH", PathOf(name), headers);
        for (var start = 0; start < data.Length; start += 16_384)
        {
            await connection.WriteChunkAsync(data[start..Math.Min(data.Length, start + 16_384)]);
        }
        await connection.WriteLastChunkAsync(trailer is null ? [] : [("Upload-Checksum", trailer)]);
        return await connection.ReadResponseAsync();
    }

    [Theory, Trait("tus", "EXT-CKT-01")]
    [InlineData("sha1")]
    [InlineData("sha256")]
    [InlineData("crc32")]
    public async Task PatchWithMatchingChecksumTrailer_Returns204AndKeepsTheChunk(string algorithm)
    {
        var url = Url("ckt01.bin");
        var data = Bytes(100_000);
        await CreateAsync(url, data.Length + 1);
        var answer = await PatchWithTrailerAsync("ckt01.bin", 0, data, ChecksumTests.Checksum(algorithm, data));
        Assert.Equal(204, answer.Status);
        Assert.Equal(data.Length.ToString(), answer.Header("Upload-Offset"));
        Assert.Equal(data.Length, await OffsetAsync(url));
    }

    [Fact, Trait("tus", "EXT-CKT-02")]
    public async Task PatchWithMismatchingChecksumTrailer_Returns460AndDiscardsTheChunk()
    {
        var url = Url("ckt02.bin");
        var data = Bytes(100_000);
        await CreateAsync(url, data.Length + 1, [7]);
        var answer = await PatchWithTrailerAsync("ckt02.bin", 1, data, ChecksumTests.Checksum("sha1", Encoding.ASCII.GetBytes("other")));
        Assert.Equal(460, answer.Status);
        Assert.Equal(1, await OffsetAsync(url));
        Assert.Equal([7], await StagedBytesAsync(UploadIdOf("ckt02.bin")));
    }

    [Fact, Trait("tus", "EXT-CKT-03")]
    public async Task DeclaredTrailerThatNeverCame_Returns400AndDiscardsTheChunk()
    {
        var url = Url("ckt03a.bin");
        await CreateAsync(url, 10_000);
        var answer = await PatchWithTrailerAsync("ckt03a.bin", 0, Bytes(5_000), trailer: null);
        Assert.Equal(400, answer.Status);
        Assert.Contains("did not arrive", answer.Body);
        Assert.Equal(0, await OffsetAsync(url));
    }

    [Fact, Trait("tus", "EXT-CKT-03")]
    public async Task ChecksumAsHeaderAndAsTrailer_Returns400()
    {
        var url = Url("ckt03b.bin");
        await CreateAsync(url, 10_000);
        var data = Bytes(5_000);
        var answer = await PatchWithTrailerAsync("ckt03b.bin", 0, data, ChecksumTests.Checksum("sha1", data),
            ("Upload-Checksum", ChecksumTests.Checksum("sha1", data)));
        Assert.Equal(400, answer.Status);
        Assert.Equal(0, await OffsetAsync(url));
    }

    [Fact, Trait("tus", "EXT-CKT-03")]
    public async Task DeclaredTrailerOnAContentLengthBody_Returns400()
    {
        var url = Url("ckt03c.bin");
        await CreateAsync(url, 10_000);
        using var patch = await Tus.PatchAsync(url, 0, Bytes(100), configure: r => r.Headers.TryAddWithoutValidation("Trailer", "Upload-Checksum"));
        Assert.Equal(400, (int)patch.StatusCode);
        Assert.Equal(0, await OffsetAsync(url));
    }
}
