using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>
/// Whole-document integrity (profile extension): Repr-Digest (RFC 9530) or Content-MD5 declared at
/// creation is checked against the staged bytes before the one PUT. A mismatch never reaches the
/// backend: 460, and the upload is discarded (its bytes can only grow, so it cannot be repaired).
/// </summary>
[Collection(ProxiedCollection.Name)]
public class DocumentDigestTests(ProxiedBackendFixture fixture) : ConformanceTest(fixture)
{
    private static Action<HttpRequestMessage> Header(string name, string value) => r =>
    {
        if (name == "Content-MD5")
        {
            // HttpClient files Content-MD5 among the content headers.
            r.Content ??= new ByteArrayContent([]);
            Assert.True(r.Content.Headers.TryAddWithoutValidation(name, value));
        }
        else
        {
            Assert.True(r.Headers.TryAddWithoutValidation(name, value));
        }
    };

    private static string ReprDigest(byte[] data) =>
        $"sha-256=:{Convert.ToBase64String(SHA256.HashData(data))}:, sha-512=:{Convert.ToBase64String(SHA512.HashData(data))}:";

    [Fact]
    public async Task MatchingReprDigest_Commits()
    {
        var url = Url("dd-ok.bin");
        var data = Bytes(50_000);
        await CreateAsync(url, data.Length, data[..20_000], Header("Repr-Digest", ReprDigest(data)));
        using var last = await Tus.PatchAsync(url, 20_000, data[20_000..]);
        Assert.True(last.IsSuccessStatusCode, $"{(int)last.StatusCode}");
        Assert.Equal(data, (await BackendDocumentAsync("dd-ok.bin"))!.Value.Body);
    }

    [Fact]
    public async Task MismatchingReprDigest_Returns460_NeverReachesTheBackend_AndDiscardsTheUpload()
    {
        var url = Url("dd-bad.bin");
        var data = Bytes(50_000);
        await CreateAsync(url, data.Length, data[..20_000], Header("Repr-Digest", ReprDigest(Bytes(50_000, 7))));
        using var last = await Tus.PatchAsync(url, 20_000, data[20_000..]);
        Assert.Equal(460, (int)last.StatusCode);
        Assert.Contains("sha-512", await last.Content.ReadAsStringAsync());
        Assert.Null(await BackendDocumentAsync("dd-bad.bin"));
        using var head = await HeadAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.False(await StagedLengthAsync(UploadIdOf("dd-bad.bin")) >= 0);
    }

    [Fact]
    public async Task MismatchingContentMd5_Returns460()
    {
        var url = Url("dd-md5.bin");
        using var created = await Tus.PostAsync(url, 3, [1, 2, 3], configure: Header("Content-MD5", Convert.ToBase64String(MD5.HashData(new byte[] { 1, 2, 4 }))));
        Assert.Equal(460, (int)created.StatusCode);
        Assert.Null(await BackendDocumentAsync("dd-md5.bin"));
    }

    [Fact]
    public async Task MatchingContentMd5_OnAnRsPut_Commits()
    {
        var data = Bytes(1_000);
        using var put = await Tus.PutAsync(Url("dd-put.bin"), data, configure: Header("Content-MD5", Convert.ToBase64String(MD5.HashData(data))));
        Assert.True(put.IsSuccessStatusCode, $"{(int)put.StatusCode}");
        Assert.Equal(data, (await BackendDocumentAsync("dd-put.bin"))!.Value.Body);
    }

    [Theory]
    [InlineData("Repr-Digest", "sha-256=:AAAA:")]
    [InlineData("Repr-Digest", "unixsum=1234")]
    [InlineData("Repr-Digest", "sha-256=not-a-byte-sequence")]
    [InlineData("Content-MD5", "@@@")]
    public async Task MalformedOrUnusableDigest_Returns400AtCreation(string name, string value)
    {
        var url = Url("dd-400.bin");
        using var created = await Tus.PostAsync(url, 3, configure: Header(name, value));
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        using var head = await HeadAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task ReprDigestOnAFinalConcatenation_IsCheckedOverThePartsInOrder()
    {
        var (a, b) = (Bytes(1_000, 1), Bytes(2_000, 2));
        var parts = new List<string>();
        foreach (var part in new[] { a, b })
        {
            // tus-js-client sends its headers on every request, so parts carry the document's digest too: ignored there.
            using var created = await Tus.PostAsync(Url("dd-final.bin"), part.Length, part, configure: r =>
            {
                r.Headers.TryAddWithoutValidation("Upload-Concat", "partial");
                r.Headers.TryAddWithoutValidation("Repr-Digest", ReprDigest([.. a, .. b]));
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            parts.Add(created.Headers.Location!.OriginalString);
        }
        var wrongOrder = Tus.Request(HttpMethod.Post, Url("dd-final.bin"));
        wrongOrder.Headers.TryAddWithoutValidation("Upload-Concat", $"final;{parts[1]} {parts[0]}");
        wrongOrder.Headers.TryAddWithoutValidation("Repr-Digest", ReprDigest([.. a, .. b]));
        using var refused = await Tus.SendAsync(wrongOrder);
        Assert.Equal(460, (int)refused.StatusCode);
        Assert.Null(await BackendDocumentAsync("dd-final.bin"));
    }
}
