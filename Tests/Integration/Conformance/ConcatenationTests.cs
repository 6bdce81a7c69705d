using System.Net;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>concatenation (checklist 2.8): parallel parts with their own URLs, one final commit.</summary>
[Collection(ProxiedCollection.Name)]
public class ConcatenationTests(ProxiedBackendFixture fixture) : ConformanceTest(fixture)
{
    private static Action<HttpRequestMessage> Concat(string value) => r => r.Headers.TryAddWithoutValidation("Upload-Concat", value);

    /// <summary>Creates a partial upload at the document URL and returns its absolute URL.</summary>
    private async Task<string> PartAsync(string name, byte[] data, bool complete = true)
    {
        using var created = await Tus.PostAsync(Url(name), data.Length, complete ? data : data[..(data.Length / 2)], configure: Concat("partial"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ProxyOrigin + created.Headers.Location!.OriginalString;
    }

    private Task<HttpResponseMessage> FinalAsync(string name, string concat, Action<HttpRequestMessage>? configure = null)
    {
        var request = Tus.Request(HttpMethod.Post, Url(name));
        request.Headers.TryAddWithoutValidation("Upload-Concat", concat);
        configure?.Invoke(request);
        return Tus.SendAsync(request);
    }

    [Fact, Trait("tus", "EXT-CC-01")]
    public async Task PartialCreation_Returns201WithItsOwnUnguessableUrl_AndIsNeverCommittedOnItsOwn()
    {
        var data = Bytes(1_000);
        var part = await PartAsync("cc01.bin", data);
        var id = new Uri(part).Query.Split('=')[1];
        Assert.StartsWith(Url("cc01.bin") + "?tus-part=", part);
        Assert.Equal(40, id.Length); // 160 random bits
        Assert.Equal(1_000, await OffsetAsync(part)); // complete, and reported so (no held-back byte)
        Assert.Null(await BackendDocumentAsync("cc01.bin"));
        using var document = await HeadAsync(Url("cc01.bin"));
        Assert.Equal(HttpStatusCode.NotFound, document.StatusCode);
    }

    [Fact, Trait("tus", "EXT-CC-02")]
    public async Task Final_ConcatenatesThePartsInTheOrderListed_AndCommitsToTheDocument()
    {
        var (a, b, c) = (Bytes(70_000, 1), Bytes(1, 2), Bytes(130_000, 3));
        var urls = new[] { await PartAsync("cc02.bin", a), await PartAsync("cc02.bin", b), await PartAsync("cc02.bin", c) };
        // Mixed absolute and relative URLs, in an order other than creation's.
        using var final = await FinalAsync("cc02.bin", $"final;{urls[2]} {new Uri(urls[0]).PathAndQuery} {urls[1]}");
        Assert.True(final.IsSuccessStatusCode, $"{(int)final.StatusCode} {await final.Content.ReadAsStringAsync()}");
        Assert.Equal(PathOf("cc02.bin"), final.Headers.Location?.OriginalString);
        Assert.NotNull(final.Headers.ETag);
        byte[] expected = [.. c, .. a, .. b];
        Assert.Equal(expected, (await BackendDocumentAsync("cc02.bin"))!.Value.Body);
        // The parts were consumed.
        using var partHead = await HeadAsync(urls[0]);
        Assert.Equal(HttpStatusCode.NotFound, partHead.StatusCode);
    }

    [Fact, Trait("tus", "EXT-CC-03")]
    public async Task Final_UsesItsOwnMetadata_NotThePartsMetadata()
    {
        using var part = await Tus.PostAsync(Url("cc03.json"), 2, "{}"u8.ToArray(), metadata: "filetype dGV4dC9wbGFpbg==", configure: Concat("partial"));
        var partUrl = ProxyOrigin + part.Headers.Location!.OriginalString;
        using var final = await FinalAsync("cc03.json", "final;" + partUrl,
            r => r.Headers.TryAddWithoutValidation("Upload-Metadata", "filetype YXBwbGljYXRpb24vanNvbg=="));
        Assert.True(final.IsSuccessStatusCode, $"{(int)final.StatusCode}");
        Assert.StartsWith("application/json", (await BackendDocumentAsync("cc03.json"))!.Value.ContentType);
        using var head = await HeadAsync(Url("cc03.json"));
        Assert.Equal("filetype YXBwbGljYXRpb24vanNvbg==", TusHttp.Header(head, "Upload-Metadata"));
    }

    [Fact, Trait("tus", "EXT-CC-04")]
    public async Task Final_NamingAnUnfinishedPart_Returns400_AndCommitsNothing()
    {
        var done = await PartAsync("cc04.bin", Bytes(100, 1));
        var unfinished = await PartAsync("cc04.bin", Bytes(100, 2), complete: false);
        using var final = await FinalAsync("cc04.bin", $"final;{done} {unfinished}");
        Assert.Equal(HttpStatusCode.BadRequest, final.StatusCode);
        Assert.Null(await BackendDocumentAsync("cc04.bin"));
        Assert.Equal(50, await OffsetAsync(unfinished));
    }

    [Theory, Trait("tus", "EXT-CC-05")]
    [InlineData("final;")]
    [InlineData("foo")]
    [InlineData("final;/storage/x/y?tus-part=0123456789abcdef0123456789abcdef01234567")]
    [InlineData("final;/storage/x/y")]
    public async Task Final_MalformedOrNamingUnknownParts_Returns400(string concat)
    {
        using var final = await FinalAsync("cc05.bin", concat);
        Assert.Equal(HttpStatusCode.BadRequest, final.StatusCode);
        Assert.Null(await BackendDocumentAsync("cc05.bin"));
    }

    [Fact, Trait("tus", "EXT-CC-05")]
    public async Task Final_NamingAnotherCredentialsPart_Returns400_AndThatPartIsInvisibleToIt()
    {
        var part = await PartAsync("cc05b.bin", Bytes(10));
        var otherToken = await Fixture.Backend.MintTokenAsync();
        using var head = await Tus.HeadAsync(part, token: otherToken);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        var request = Tus.Request(HttpMethod.Post, Url("cc05b.bin"), token: otherToken);
        request.Headers.TryAddWithoutValidation("Upload-Concat", "final;" + part);
        using var final = await Tus.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, final.StatusCode);
        Assert.Equal(10, await OffsetAsync(part));
    }

    [Fact, Trait("tus", "EXT-CC-05")]
    public async Task Final_WhosePartsAddUpPastTheMaximum_Returns413()
    {
        await using var proxy = await Fixture.StartProxyAsync("ResumableUploads:MaxUploadSize=1000");
        var parts = new List<string>();
        foreach (var seed in new[] { 1, 2 })
        {
            using var created = await Tus.PostAsync(UrlVia(proxy, "cc05c.bin"), 600, Bytes(600, seed), configure: Concat("partial"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            parts.Add(created.Headers.Location!.OriginalString);
        }
        var request = Tus.Request(HttpMethod.Post, UrlVia(proxy, "cc05c.bin"));
        request.Headers.TryAddWithoutValidation("Upload-Concat", "final;" + string.Join(' ', parts));
        using var final = await Tus.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, final.StatusCode);
    }

    [Fact, Trait("tus", "EXT-CC-06")]
    public async Task Final_MayListTheSamePartTwice()
    {
        var data = Bytes(1_000);
        var part = await PartAsync("cc06.bin", data);
        using var final = await FinalAsync("cc06.bin", $"final;{part} {part}");
        Assert.True(final.IsSuccessStatusCode, $"{(int)final.StatusCode}");
        byte[] twice = [.. data, .. data];
        Assert.Equal(twice, (await BackendDocumentAsync("cc06.bin"))!.Value.Body);
    }

    [Fact, Trait("tus", "EXT-CC-07")]
    public async Task PatchToAFinal_Returns403_CommittedOrNot()
    {
        var part = await PartAsync("cc07.bin", Bytes(10));
        // Refused by the backend (If-Match on a missing document), so the final stays pending.
        using (var refused = await FinalAsync("cc07.bin", "final;" + part, r => r.Headers.TryAddWithoutValidation("If-Match", "\"nope\"")))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        }
        using (var pending = await Tus.PatchAsync(Url("cc07.bin"), 10, [1])) Assert.Equal(HttpStatusCode.Forbidden, pending.StatusCode);
        using (var final = await FinalAsync("cc07.bin", "final;" + part)) Assert.True(final.IsSuccessStatusCode);
        using (var committed = await Tus.PatchAsync(Url("cc07.bin"), 10, [])) Assert.Equal(HttpStatusCode.Forbidden, committed.StatusCode);
    }

    [Fact, Trait("tus", "EXT-CC-08")]
    public async Task HeadOnAFinal_HasNoOffsetUntilCommitted_ThenOffsetEqualsLength()
    {
        var part = await PartAsync("cc08.bin", Bytes(10));
        using (var refused = await FinalAsync("cc08.bin", "final;" + part, r => r.Headers.TryAddWithoutValidation("If-Match", "\"nope\"")))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        }
        using (var pending = await HeadAsync(Url("cc08.bin")))
        {
            Assert.Equal(HttpStatusCode.OK, pending.StatusCode);
            Assert.Null(TusHttp.Offset(pending));
            Assert.Equal("10", TusHttp.Header(pending, "Upload-Length"));
        }
        using (var final = await FinalAsync("cc08.bin", "final;" + part)) Assert.True(final.IsSuccessStatusCode);
        using var done = await HeadAsync(Url("cc08.bin"));
        Assert.Equal(10, TusHttp.Offset(done));
        Assert.Equal("10", TusHttp.Header(done, "Upload-Length"));
    }

    [Fact, Trait("tus", "EXT-CC-09"), Trait("tus", "EXT-CC-10")]
    public async Task HeadOnPartAndFinal_ReportsOffsetAndUploadConcatAsReceived()
    {
        var part = await PartAsync("cc09.bin", Bytes(100), complete: false);
        using (var head = await HeadAsync(part))
        {
            Assert.Equal(50, TusHttp.Offset(head));
            Assert.Equal("partial", TusHttp.Header(head, "Upload-Concat"));
        }
        using (var rest = await Tus.PatchAsync(part, 50, Bytes(100)[50..])) Assert.Equal(HttpStatusCode.NoContent, rest.StatusCode);
        var concat = "final;" + part;
        using (var final = await FinalAsync("cc09.bin", concat)) Assert.True(final.IsSuccessStatusCode);
        using var finalHead = await HeadAsync(Url("cc09.bin"));
        Assert.Equal(concat, TusHttp.Header(finalHead, "Upload-Concat"));
    }

    [Fact, Trait("tus", "EXT-CC-11")]
    public async Task PartWithDeferredLength_CanBeFinishedAndConcatenated()
    {
        var request = Tus.Request(HttpMethod.Post, Url("cc11.bin"));
        request.Headers.TryAddWithoutValidation("Upload-Concat", "partial");
        request.Headers.TryAddWithoutValidation("Upload-Defer-Length", "1");
        using var created = await Tus.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var part = ProxyOrigin + created.Headers.Location!.OriginalString;
        var data = Bytes(500);
        using (var patch = await Tus.PatchAsync(part, 0, data, configure: r => r.Headers.TryAddWithoutValidation("Upload-Length", "500")))
        {
            Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        }
        using (var final = await FinalAsync("cc11.bin", "final;" + part)) Assert.True(final.IsSuccessStatusCode);
        Assert.Equal(data, (await BackendDocumentAsync("cc11.bin"))!.Value.Body);
    }

    [Fact]
    public async Task RepeatedFinal_ReplaysTheOutcome_WithoutASecondPut()
    {
        var a = await PartAsync("ccr.bin", Bytes(10, 1));
        var b = await PartAsync("ccr.bin", Bytes(10, 2));
        using var first = await FinalAsync("ccr.bin", $"final;{a} {b}");
        Assert.True(first.IsSuccessStatusCode);
        var stored = (await BackendDocumentAsync("ccr.bin"))!.Value.ETag;
        using var again = await FinalAsync("ccr.bin", $"final;{a} {b}");
        Assert.Equal(first.StatusCode, again.StatusCode);
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        // armadietto's ETags are millisecond timestamps: a second PUT would have changed it.
        Assert.Equal(stored, (await BackendDocumentAsync("ccr.bin"))!.Value.ETag);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    public async Task CreationAtAPartUrl_Returns400(string method)
    {
        var part = await PartAsync("ccp.bin", Bytes(10));
        var request = Tus.Request(new HttpMethod(method), part);
        request.Headers.TryAddWithoutValidation("Upload-Length", "5");
        using var response = await Tus.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task BodyOnAFinal_Returns403()
    {
        var part = await PartAsync("ccb.bin", Bytes(10));
        using var final = await FinalAsync("ccb.bin", "final;" + part, r =>
        {
            r.Content = new ByteArrayContent([1, 2, 3]);
            r.Content.Headers.ContentType = new(OctetStream);
        });
        Assert.Equal(HttpStatusCode.Forbidden, final.StatusCode);
    }

    [Fact]
    public async Task TerminatingAPart_RemovesIt()
    {
        var part = await PartAsync("cct.bin", Bytes(10));
        using (var delete = await Tus.DeleteAsync(part)) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var head = await HeadAsync(part);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }
}
