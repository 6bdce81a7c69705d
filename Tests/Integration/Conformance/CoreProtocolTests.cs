using System.Net;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>tus 1.0.0 core: version negotiation, HEAD, PATCH, OPTIONS (checklist section 1).</summary>
[Collection(ProxiedCollection.Name)]
public class CoreProtocolTests(ProxiedBackendFixture fixture) : ConformanceTest(fixture)
{
    [Fact, Trait("tus", "C-01")]
    public async Task EveryAnswer_CarriesTusResumable_ErrorsAndHeadIncluded()
    {
        var url = Url("c01.bin");
        using var unknown = await Tus.HeadAsync(url);
        using var created = await Tus.PostAsync(url, 10);
        using var head = await Tus.HeadAsync(url);
        using var conflict = await Tus.PatchAsync(url, 3, [1]);
        using var badMedia = await Tus.PatchAsync(url, 0, [1], "text/plain");
        foreach (var (response, status) in new[] { (unknown, 404), (created, 201), (head, 200), (conflict, 409), (badMedia, 415) })
        {
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("1.0.0", TusHttp.Header(response, "Tus-Resumable"));
        }
    }

    [Theory, Trait("tus", "C-02")]
    [InlineData("0.2.2")]
    [InlineData("2.0.0")]
    public async Task UnsupportedVersion_Returns412WithTusVersion_AndCreatesNothing(string version)
    {
        var url = Url("c02.bin");
        var request = Tus.Request(HttpMethod.Post, url, tus: false);
        request.Headers.TryAddWithoutValidation("Tus-Resumable", version);
        request.Headers.TryAddWithoutValidation("Upload-Length", "5");
        using var response = await Tus.SendAsync(request);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("1.0.0", TusHttp.Header(response, "Tus-Version"));
        using var head = await Tus.HeadAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact, Trait("tus", "C-03")]
    public async Task DeleteWithoutTusResumable_GoesToTheBackend_AndLeavesTheUploadAlone()
    {
        // Profile: without Tus-Resumable every request is the backend's (armadietto answers a
        // DELETE of a missing document with 404); the pending upload is not terminated.
        var url = Url("c03.bin");
        await CreateAsync(url, 10, [1, 2, 3]);
        using var response = await Tus.SendAsync(Tus.Request(HttpMethod.Delete, url, tus: false));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(TusHttp.Header(response, "Tus-Resumable"));
        Assert.Equal(3, await OffsetAsync(url));
    }

    [Fact]
    public async Task TusRequestWithoutAuthorization_Returns401()
    {
        // Profile: an upload belongs to (document, credential); without a credential there is none to open.
        var request = new HttpRequestMessage(HttpMethod.Post, Url("c-anonymous.bin"));
        request.Headers.TryAddWithoutValidation("Tus-Resumable", "1.0.0");
        request.Headers.TryAddWithoutValidation("Upload-Length", "10");
        using var response = await Tus.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory, Trait("tus", "C-04")]
    [InlineData("9.9.9")]
    [InlineData(null)]
    public async Task Options_IgnoresTusResumable(string? version)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, Url("c04.bin"));
        if (version is not null) request.Headers.TryAddWithoutValidation("Tus-Resumable", version);
        using var response = await Tus.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal("1.0.0", TusHttp.Header(response, "Tus-Version"));
    }

    [Fact, Trait("tus", "C-05")]
    public async Task HeadWithoutTusResumable_PassesThroughToTheBackend()
    {
        var url = Url("c05.bin");
        await CreateAsync(url, 10, [1, 2, 3]);
        using var plain = await Tus.Client.SendAsync(Tus.Request(HttpMethod.Head, url, tus: false));
        // The profile hands every request without Tus-Resumable to RS, which has no such document yet.
        Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);
        Assert.Null(TusHttp.Offset(plain));
    }

    [Fact, Trait("tus", "C-07")]
    public async Task GetOnAPendingUpload_PassesThroughAndShowsNothing()
    {
        var url = Url("c07.bin");
        await CreateAsync(url, 10, [1, 2, 3]);
        var (status, _, response) = await Tus.GetAsync(url);
        response.Dispose();
        Assert.Equal(404, status);
    }

    [Fact, Trait("tus", "C-10")]
    public async Task Head_ReportsOffsetEvenWhenZero()
    {
        var url = Url("c10.bin");
        await CreateAsync(url, 10);
        Assert.Equal(0, await OffsetAsync(url));
    }

    [Fact, Trait("tus", "C-11")]
    public async Task Head_ReportsUploadLength()
    {
        var url = Url("c11.bin");
        await CreateAsync(url, 1234);
        using var head = await HeadAsync(url);
        Assert.Equal("1234", TusHttp.Header(head, "Upload-Length"));
        Assert.Null(TusHttp.Header(head, "Upload-Defer-Length"));
    }

    [Fact, Trait("tus", "C-13")]
    public async Task Head_CarriesCacheControlNoStore()
    {
        var url = Url("c13.bin");
        await CreateAsync(url, 5);
        using var head = await HeadAsync(url);
        using var unknown = await HeadAsync(Url("c13-unknown.bin"));
        Assert.Equal("no-store", TusHttp.Header(head, "Cache-Control"));
        Assert.Equal("no-store", TusHttp.Header(unknown, "Cache-Control"));
    }

    [Fact, Trait("tus", "C-14")]
    public async Task Head_Answers200()
    {
        var url = Url("c14.bin");
        await CreateAsync(url, 5);
        using var head = await HeadAsync(url);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact, Trait("tus", "C-15")]
    public async Task HeadOnUnknownUpload_Returns404WithoutOffset()
    {
        using var head = await HeadAsync(Url("c15.bin"));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Null(TusHttp.Offset(head));
    }

    [Fact, Trait("tus", "C-16")]
    public async Task Head_EchoesUploadMetadata()
    {
        var url = Url("c16.bin");
        const string metadata = "filename d29ybGQ=,is_confidential";
        using (var created = await Tus.PostAsync(url, 5, metadata: metadata))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using var head = await HeadAsync(url);
        Assert.Equal(metadata, TusHttp.Header(head, "Upload-Metadata"));
    }

    [Fact, Trait("tus", "C-17")]
    public async Task Head_HasNoBodyAndNoMisleadingContentLength()
    {
        var url = Url("c17.bin");
        await CreateAsync(url, 5000);
        using var head = await HeadAsync(url);
        Assert.NotEqual(5000, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact, Trait("tus", "C-18")]
    public async Task HeadDuringStalledPatch_StopsIt_AndReportsAnOffsetTheNextPatchAccepts()
    {
        var url = Url("c18.bin");
        var data = Bytes(20_000);
        await CreateAsync(url, data.Length);
        await using var stalled = await RawHttpConnection.OpenAsync(ProxyOrigin);
        await stalled.WriteHeadAsync("PATCH", PathOf("c18.bin"), ("Authorization", Authorization), ("Tus-Resumable", "1.0.0"),
            ("Upload-Offset", "0"), ("Content-Type", OctetStream), ("Content-Length", data.Length.ToString()));
        await stalled.WriteAsync(data[..7_000]);

        // HEAD takes the upload over from the stalled PATCH and reports what is staged. A HEAD that
        // comes before the PATCH holds the upload rightly reports 0 and leaves it running; one that
        // comes after it has read the 7,000 bytes reports them. On a loaded machine a HEAD can also
        // stop the PATCH before it has read what sits in its socket: those bytes were never
        // acknowledged, and the offset reported after the PATCH has ended is simply smaller.
        long offset = 0;
        await Poll.UntilAsync(async () =>
        {
            var patchEnded = stalled.AnswerOrCloseArrived;
            offset = (await OffsetAsync(url))!.Value;
            return patchEnded || offset >= 7_000; // a HEAD after the PATCH let go reports the final offset
        }, TimeSpan.FromSeconds(30));
        Assert.True(offset == 7_000 || stalled.AnswerOrCloseArrived, "HEAD never took the upload from the stalled PATCH");
        Assert.InRange(offset, 0, 7_000);
        var answerToStalled = await stalled.TryReadResponseAsync();
        Assert.True(answerToStalled is null || answerToStalled.Status is < 200 or >= 300, $"the stalled PATCH was answered {answerToStalled?.Status}");
        using var rest = await Tus.PatchAsync(url, offset, data[(int)offset..]);
        Assert.True(rest.IsSuccessStatusCode, $"{(int)rest.StatusCode}");
        Assert.Equal(data, (await BackendDocumentAsync("c18.bin"))!.Value.Body);
    }

    [Fact, Trait("tus", "C-20")]
    public async Task PatchAtCurrentOffset_Returns204WithNewOffset()
    {
        var url = Url("c20.bin");
        await CreateAsync(url, 10);
        using var patch = await Tus.PatchAsync(url, 0, [1, 2, 3, 4]);
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.Equal(4, TusHttp.Offset(patch));
        Assert.Equal(4, await OffsetAsync(url));
    }

    [Theory, Trait("tus", "C-21")]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    public async Task PatchWithOtherMediaType_Returns415(string contentType)
    {
        var url = Url("c21.bin");
        await CreateAsync(url, 10);
        using var patch = await Tus.PatchAsync(url, 0, [1, 2], contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, patch.StatusCode);
        Assert.Equal(0, await OffsetAsync(url));
    }

    [Theory, Trait("tus", "C-22")]
    [InlineData(0)]
    [InlineData(5)]
    public async Task PatchWithStaleOffset_Returns409AndKeepsData(long wrongOffset)
    {
        var url = Url("c22.bin");
        await CreateAsync(url, 10, [9, 9, 9]);
        using var patch = await Tus.PatchAsync(url, wrongOffset, [1, 2]);
        Assert.Equal(HttpStatusCode.Conflict, patch.StatusCode);
        Assert.Equal(3, TusHttp.Offset(patch));
        Assert.Equal(3, await OffsetAsync(url));
        Assert.Equal([9, 9, 9], await StagedBytesAsync(UploadIdOf("c22.bin")));
    }

    [Theory, Trait("tus", "C-23")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+0")]
    [InlineData("0 1")]
    [InlineData("0x0")]
    [InlineData("1.0")]
    [InlineData("1e2")]
    [InlineData("99999999999999999999")]
    public async Task PatchWithMalformedOffset_Returns400(string offset)
    {
        var url = Url("c23.bin");
        await CreateAsync(url, 10);
        var request = Tus.Request(HttpMethod.Patch, url);
        request.Headers.TryAddWithoutValidation("Upload-Offset", offset);
        request.Content = new ByteArrayContent([1]);
        request.Content.Headers.ContentType = new(OctetStream);
        using var patch = await Tus.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        Assert.Equal(0, await OffsetAsync(url));
    }

    [Fact, Trait("tus", "C-24")]
    public async Task PatchOnUnknownUpload_Returns404()
    {
        using var patch = await Tus.PatchAsync(Url("c24.bin"), 0, [1]);
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
    }

    [Fact, Trait("tus", "C-25")]
    public async Task PatchWithContentLengthPastUploadLength_Returns413AndKeepsUploadUnchanged()
    {
        var url = Url("c25.bin");
        await CreateAsync(url, 10, [1, 2]);
        using var patch = await Tus.PatchAsync(url, 2, Bytes(9));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, patch.StatusCode);
        Assert.Equal(2, await OffsetAsync(url));
    }

    [Fact, Trait("tus", "C-27")]
    public async Task ManySuccessivePatches_BuildTheDocument()
    {
        var url = Url("c27.bin");
        var data = Bytes(10_000);
        await CreateAsync(url, data.Length);
        for (var offset = 0; offset < data.Length; offset += 1_500)
        {
            var end = Math.Min(data.Length, offset + 1_500);
            using var patch = await Tus.PatchAsync(url, offset, data[offset..end]);
            Assert.True(patch.IsSuccessStatusCode, $"{(int)patch.StatusCode} at {offset}");
            Assert.Equal(end, TusHttp.Offset(patch));
        }
        Assert.Equal(data, (await BackendDocumentAsync("c27.bin"))!.Value.Body);
    }

    [Fact, Trait("tus", "C-28")]
    public async Task PatchInterruptedMidBody_KeepsTheBytesReceived()
    {
        var url = Url("c28.bin");
        var cut = Fixture.MidBodyCut(30_000);
        var data = Bytes(cut + 70_000);
        await CreateAsync(url, data.Length);
        await using (var connection = await RawHttpConnection.OpenAsync(ProxyOrigin))
        {
            await connection.WriteHeadAsync("PATCH", PathOf("c28.bin"), ("Authorization", Authorization), ("Tus-Resumable", "1.0.0"),
                ("Upload-Offset", "0"), ("Content-Type", OctetStream), ("Content-Length", data.Length.ToString()));
            await connection.WriteAsync(data[..cut]);
            // Once the proxy has the bytes, drop the connection.
            await DropMidBodyAsync(connection, UploadIdOf("c28.bin"), cut);
        }
        var offset = await OffsetOnceSettledAsync(url, Fixture.ShownMidBody(cut));
        Assert.InRange(offset, Fixture.ShownMidBody(cut), cut);
        using var rest = await Tus.PatchAsync(url, offset, data[(int)offset..]);
        Assert.True(rest.IsSuccessStatusCode, $"{(int)rest.StatusCode}");
        Assert.Equal(data, (await BackendDocumentAsync("c28.bin"))!.Value.Body);
    }

    [Fact, Trait("tus", "C-29")]
    public async Task StalledBody_TimesOut_KeepsItsBytes_AndReleasesTheUpload()
    {
        await using var proxy = await Fixture.StartProxyAsync("ResumableUploads:BodyIdleTimeout=00:00:00.500");
        var url = UrlVia(proxy, "c29.bin");
        await CreateAsync(url, 10_000);
        await using var connection = await RawHttpConnection.OpenAsync(proxy.Origin);
        await connection.WriteHeadAsync("PATCH", PathOf("c29.bin"), ("Authorization", Authorization), ("Tus-Resumable", "1.0.0"),
            ("Upload-Offset", "0"), ("Content-Type", OctetStream), ("Content-Length", "10000"));
        await connection.WriteAsync(Bytes(4_000));
        var answer = await connection.ReadResponseAsync(); // comes once the idle timeout fires
        Assert.Equal(503, answer.Status); // 5xx, so tus clients retry (HEAD, then PATCH) instead of giving up
        Assert.NotNull(answer.Header("Retry-After"));
        Assert.Equal("close", answer.Header("Connection"));
        Assert.Equal(4_000, await OffsetAsync(url));
    }

    [Fact, Trait("tus", "C-30")]
    public async Task ChunkedPatchWithoutContentLength_AndZeroBytePatch_Work()
    {
        var url = Url("c30.bin");
        var data = Bytes(70_000);
        await CreateAsync(url, data.Length + 1);
        using var chunked = await PatchChunkedAsync(url, 0, data);
        Assert.Equal(HttpStatusCode.NoContent, chunked.StatusCode);
        Assert.Equal(data.Length, TusHttp.Offset(chunked));
        using var empty = await Tus.PatchAsync(url, data.Length, []);
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        Assert.Equal(data.Length, TusHttp.Offset(empty));
    }
}
