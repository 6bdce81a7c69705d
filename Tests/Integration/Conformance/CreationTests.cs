using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>creation and creation-with-upload (checklist 2.1, 2.2).</summary>
[Collection(ProxiedCollection.Name)]
public class CreationTests(ProxiedBackendFixture fixture) : ConformanceTest(fixture)
{
    [Fact, Trait("tus", "EXT-CR-01")]
    public async Task Post_Returns201WithLocation_AndHeadShowsOffset0()
    {
        var url = Url("cr01.bin");
        using var created = await Tus.PostAsync(url, 42);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(PathOf("cr01.bin"), created.Headers.Location?.OriginalString);
        Assert.Equal("1.0.0", TusHttp.Header(created, "Tus-Resumable"));
        using var head = await HeadAsync(url);
        Assert.Equal(0, TusHttp.Offset(head));
        Assert.Equal("42", TusHttp.Header(head, "Upload-Length"));
    }

    [Fact, Trait("tus", "EXT-CR-02")]
    public async Task Post_WithoutAnyLength_Returns400()
    {
        using var response = await Tus.SendAsync(Tus.Request(HttpMethod.Post, Url("cr02.bin")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory, Trait("tus", "EXT-CR-03")]
    [InlineData("0")]
    [InlineData("true")]
    [InlineData("2")]
    public async Task Post_WithDeferLengthOtherThan1_Returns400(string value)
    {
        var request = Tus.Request(HttpMethod.Post, Url("cr03.bin"));
        request.Headers.TryAddWithoutValidation("Upload-Defer-Length", value);
        using var response = await Tus.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact, Trait("tus", "EXT-CR-04")]
    public async Task Post_WithBothLengthAndDeferLength_Returns400()
    {
        using var response = await Tus.PostAsync(Url("cr04.bin"), 10, configure: r => r.Headers.TryAddWithoutValidation("Upload-Defer-Length", "1"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact, Trait("tus", "EXT-CR-05")]
    public async Task Post_WithLength0_CommitsTheEmptyDocumentAtOnce()
    {
        var url = Url("cr05.bin");
        using var created = await Tus.PostAsync(url, 0);
        Assert.True(created.IsSuccessStatusCode, $"{(int)created.StatusCode}");
        Assert.NotNull(created.Headers.Location);
        Assert.NotNull(created.Headers.ETag);
        using var head = await HeadAsync(url);
        Assert.Equal(0, TusHttp.Offset(head));
        Assert.Equal("0", TusHttp.Header(head, "Upload-Length"));
        Assert.Empty((await BackendDocumentAsync("cr05.bin"))!.Value.Body);
    }

    [Theory, Trait("tus", "EXT-CR-07")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("+5")]
    [InlineData("")]
    [InlineData("99999999999999999999")]
    [InlineData("abc")]
    public async Task Post_WithMalformedLength_Returns400AndCreatesNothing(string length)
    {
        var url = Url("cr07.bin");
        var request = Tus.Request(HttpMethod.Post, url);
        request.Headers.TryAddWithoutValidation("Upload-Length", length);
        using var response = await Tus.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var head = await HeadAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Theory, Trait("tus", "EXT-CR-08")]
    [InlineData("a YQ==,a Yg==")]
    [InlineData("a @@@")]
    [InlineData("key with space")]
    public async Task Post_WithInvalidMetadata_Returns400AndCreatesNothing(string metadata)
    {
        var url = Url("cr08.bin");
        using var response = await Tus.PostAsync(url, 5, metadata: metadata);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var head = await HeadAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact, Trait("tus", "EXT-CR-08")]
    public async Task FiletypeMetadata_BecomesTheDocumentsContentType()
    {
        var body = "typed document"u8.ToArray();
        var metadata = $"filename {Convert.ToBase64String("c.txt"u8.ToArray())},filetype {Convert.ToBase64String("text/markdown"u8.ToArray())}";
        using (var created = await Tus.PostAsync(Url("cr08-typed.txt"), body.Length, body, metadata: metadata))
        {
            Assert.True(created.IsSuccessStatusCode, $"{(int)created.StatusCode}");
            Assert.NotNull(created.Headers.ETag);
        }
        var stored = (await BackendDocumentAsync("cr08-typed.txt"))!.Value;
        Assert.Equal(body, stored.Body);
        Assert.Equal("text/markdown", stored.ContentType?.Split(';')[0]);
    }

    [Fact, Trait("tus", "EXT-CR-08")]
    public async Task WithoutFiletype_TheDocumentIsApplicationOctetStream()
    {
        using (var created = await Tus.PostAsync(Url("cr08-untyped.bin"), 3, [1, 2, 3]))
        {
            Assert.True(created.IsSuccessStatusCode, $"{(int)created.StatusCode}");
        }
        Assert.Equal("application/octet-stream", (await BackendDocumentAsync("cr08-untyped.bin"))!.Value.ContentType?.Split(';')[0]);
    }

    [Fact, Trait("tus", "EXT-CR-09")]
    public async Task MetadataWithLineBreaks_NeverReachesAHeader()
    {
        // filetype = "text/plain\r\nX-Injected: 1": it must not become the document's Content-Type.
        var evil = Convert.ToBase64String("text/plain\r\nX-Injected: 1"u8.ToArray());
        using (var created = await Tus.PostAsync(Url("cr09.bin"), 3, [1, 2, 3], metadata: "filetype " + evil))
        {
            Assert.True(created.IsSuccessStatusCode, $"{(int)created.StatusCode}");
            Assert.False(created.Headers.Contains("X-Injected"));
        }
        Assert.Equal("application/octet-stream", (await BackendDocumentAsync("cr09.bin"))!.Value.ContentType);
    }

    [Fact, Trait("tus", "EXT-CR-10")]
    public async Task Location_IsTheRelativeDocumentUrl_WhateverHostTheClientUsed()
    {
        using var created = await Tus.PostAsync(Url("cr10.bin"), 5, configure: r =>
        {
            r.Headers.TryAddWithoutValidation("X-Forwarded-Host", "a.example");
            r.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        });
        Assert.Equal(PathOf("cr10.bin"), created.Headers.Location?.OriginalString);
    }

    [Fact, Trait("tus", "EXT-CWU-02")]
    public async Task PostWithBody_Returns201WithLocationAndOffset()
    {
        var url = Url("cwu02.bin");
        using var created = await Tus.PostAsync(url, 100, Bytes(5));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(created.Headers.Location);
        Assert.Equal(5, TusHttp.Offset(created));
        Assert.Equal(5, await OffsetAsync(url));
    }

    [Fact, Trait("tus", "EXT-CWU-03")]
    public async Task PostWithBodyOfOtherMediaType_Returns415AndCreatesNothing()
    {
        var url = Url("cwu03.bin");
        using var response = await Tus.PostAsync(url, 100, configure: r =>
        {
            r.Content = new ByteArrayContent([1, 2, 3]);
            r.Content.Headers.ContentType = new("text/plain");
        });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var head = await HeadAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact, Trait("tus", "EXT-CWU-04")]
    public async Task PostExpecting100Continue_PastMaxSize_Returns413BeforeTheBodyIsSent()
    {
        await using var connection = await RawHttpConnection.OpenAsync(ProxyOrigin);
        var tooBig = (ProxiedBackendFixture.MaxUploadSize + 1).ToString();
        await connection.WriteHeadAsync("POST", PathOf("cwu04.bin"), ("Authorization", Authorization), ("Tus-Resumable", "1.0.0"),
            ("Upload-Length", tooBig), ("Content-Type", OctetStream), ("Content-Length", tooBig), ("Expect", "100-continue"));
        var answer = await connection.ReadResponseAsync();
        Assert.Equal(413, answer.Status); // not 100 Continue: the body is never asked for
    }

    [Fact, Trait("tus", "EXT-CWU-05")]
    public async Task PostWithInterruptedBody_KeepsTheUploadWithItsPartialOffset()
    {
        var url = Url("cwu05.bin");
        var cut = Fixture.MidBodyCut(20_000);
        var length = (cut + 30_000).ToString();
        await using (var connection = await RawHttpConnection.OpenAsync(ProxyOrigin))
        {
            await connection.WriteHeadAsync("POST", PathOf("cwu05.bin"), ("Authorization", Authorization), ("Tus-Resumable", "1.0.0"),
                ("Upload-Length", length), ("Content-Type", OctetStream), ("Content-Length", length));
            await connection.WriteAsync(Bytes(cut));
            await DropMidBodyAsync(connection, UploadIdOf("cwu05.bin"), cut);
        }
        Assert.InRange(await OffsetOnceSettledAsync(url, Fixture.ShownMidBody(cut)), Fixture.ShownMidBody(cut), cut);
    }

    // RS-flavoured creation: the ordinary PUT of the document, flagged resumable (profile, "PUT <doc>").

    [Fact, Trait("tus", "EXT-CWU-02")]
    public async Task Put_WithTheWholeBody_CommitsAtOnceAndRelaysTheBackendsAnswer()
    {
        var body = Bytes(50_000);
        using var response = await Tus.PutAsync(Url("put-whole.bin"), body, contentType: "image/x-test");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(50_000, TusHttp.Offset(response));
        Assert.Equal("1.0.0", TusHttp.Header(response, "Tus-Resumable"));
        var stored = (await BackendDocumentAsync("put-whole.bin"))!.Value;
        Assert.Equal(body, stored.Body);
        Assert.Equal("image/x-test", stored.ContentType?.Split(';')[0]);
        Assert.Equal(response.Headers.ETag!.ToString(), stored.ETag);
    }

    [Fact, Trait("tus", "EXT-CWU-02")]
    public async Task Put_WithUploadLength_TakesTheFirstBytesAndAnswers201()
    {
        var body = Bytes(30_000);
        var url = Url("put-first.bin");
        using (var response = await Tus.PutAsync(url, body[..10_000], uploadLength: 30_000))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(10_000, TusHttp.Offset(response));
            Assert.Equal(PathOf("put-first.bin"), response.Headers.Location!.OriginalString);
            Assert.NotNull(TusHttp.Header(response, "Upload-Expires"));
        }
        // A partial upload is never visible in the backend.
        Assert.Null(await BackendDocumentAsync("put-first.bin"));
        var (_, listing, listed) = await Tus.GetAsync($"{Fixture.DirectRoot}/{Folder}/");
        listed.Dispose();
        Assert.DoesNotContain("put-first.bin", System.Text.Encoding.UTF8.GetString(listing));

        using var patch = await Tus.PatchAsync(url, 10_000, body[10_000..]);
        Assert.Equal(HttpStatusCode.Created, patch.StatusCode);
        Assert.Equal(body, (await BackendDocumentAsync("put-first.bin"))!.Value.Body);
    }

    [Fact, Trait("tus", "EXT-CWU-05")]
    public async Task Put_CutOffMidBody_KeepsTheBytesReceived_HeadReportsThem_PatchFinishes()
    {
        var sent = Fixture.MidBodyCut(400_000);
        var document = Bytes(sent + 600_000);
        var url = Url("put-cut.bin");
        await using (var connection = await RawHttpConnection.OpenAsync(ProxyOrigin))
        {
            await connection.WriteHeadAsync("PUT", PathOf("put-cut.bin"), ("Authorization", Authorization), ("Tus-Resumable", "1.0.0"),
                ("Content-Type", "application/octet-stream"), ("Content-Length", document.Length.ToString()));
            await connection.WriteAsync(document[..sent]);
            await DropMidBodyAsync(connection, UploadIdOf("put-cut.bin"), sent); // RST, as a dropped link
        }

        var offset = await OffsetOnceSettledAsync(url, Fixture.ShownMidBody(sent));
        Assert.InRange(offset, Fixture.ShownMidBody(sent), sent);
        using var patch = await Tus.PatchAsync(url, offset, document[(int)offset..]);
        Assert.True(patch.IsSuccessStatusCode, $"{(int)patch.StatusCode}");
        Assert.Equal(document, (await BackendDocumentAsync("put-cut.bin"))!.Value.Body);
    }

    [Fact]
    public async Task Put_ReplacesThisCredentialsEarlierUploadAtTheSameUrl()
    {
        var url = Url("put-again.bin");
        using (var first = await Tus.PutAsync(url, new byte[100], uploadLength: 1000)) Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using (var second = await Tus.PutAsync(url, new byte[10], uploadLength: 500)) Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        using var head = await HeadAsync(url);
        Assert.Equal(10, TusHttp.Offset(head));
        Assert.Equal("500", TusHttp.Header(head, "Upload-Length"));
    }

    [Theory, Trait("tus", "EXT-CR-01")]
    [InlineData("POST", "")]
    [InlineData("PUT", "")]
    [InlineData("POST", "/")]
    [InlineData("PUT", "/")]
    public async Task CreationAtTheUsersRoot_Returns400_AndStagesNothing(string method, string tail)
    {
        // The backend refuses a PUT to the user's root (400) for ever: an upload there could never commit.
        var url = Fixture.ProxiedRoot + tail;
        var request = Tus.Request(new HttpMethod(method), url);
        request.Headers.TryAddWithoutValidation("Upload-Length", "10");
        request.Content = new ByteArrayContent(Bytes(10));
        request.Content.Headers.ContentType = new(method == "POST" ? OctetStream : "application/octet-stream");
        using var response = await Tus.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var id = RsResumeProxy.Staging.State.UploadId.ForDocument($"/storage/{Fixture.Backend.User}{tail}",
            Fixture.Proxy.Services.GetRequiredService<RsResumeProxy.Staging.Identity.CredentialHasher>().Hash(Authorization));
        Assert.False(await StagedLengthAsync(id) >= 0);
        using var head = await HeadAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }
}
