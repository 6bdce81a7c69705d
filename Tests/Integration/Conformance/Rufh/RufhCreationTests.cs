using System.Net;
using RsResumeProxy.Protocols.Rufh;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance.Rufh;

/// <summary>Creation by PUT (the RS way) and POST at the document URL (draft checklist R-04…R-10).</summary>
[Collection(ProxiedCollection.Name)]
public sealed class RufhCreationTests(ProxiedBackendFixture fixture) : RufhConformanceTest(fixture)
{
    [Theory, Trait("rufh", "R-05"), MemberData(nameof(Versions))]
    public async Task Put_WithTheWholeBody_CommitsAtOnce_WithTheBackendsAnswer(int version)
    {
        var data = Bytes(70_000, version);
        using var response = await DraftCreateAsync(version, Url($"whole-{version}.bin"), data, complete: true, contentType: "image/png");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.True(CompleteOf(response));
        Assert.Equal(data.Length, OffsetOf(response));
        Assert.Equal(response.Headers.ETag!.ToString(), (await BackendDocumentAsync($"whole-{version}.bin"))!.Value.ETag);
        await AssertStoredAsync($"whole-{version}.bin", data, "image/png");
    }

    [Theory, Trait("rufh", "R-05"), MemberData(nameof(Versions))]
    public async Task Post_WithTheWholeBody_CommitsAtOnce(int version)
    {
        var data = Bytes(10_000, version);
        using var response = await DraftCreateAsync(version, Url($"post-{version}.txt"), data, complete: true, method: HttpMethod.Post, contentType: "text/plain");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(CompleteOf(response));
        await AssertStoredAsync($"post-{version}.txt", data, "text/plain");
    }

    [Theory, Trait("rufh", "R-04"), MemberData(nameof(Versions))]
    public async Task Incomplete_Returns201_WithLocationLimitAndUploadCompleteFalse_AndStoresNothingYet(int version)
    {
        var name = $"partial-{version}.bin";
        var data = Bytes(50_000, version);
        using var response = await DraftCreateAsync(version, Url(name), data[..20_000], complete: false, uploadLength: data.Length);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(PathOf(name), Field(response, "Location"));
        Assert.False(CompleteOf(response));
        Assert.Equal(20_000, OffsetOf(response));
        var limit = UploadLimit.TryParse(Field(response, RufhHeaders.UploadLimit));
        Assert.NotNull(limit);
        Assert.Equal(ProxiedBackendFixture.MaxUploadSize, limit.MaxSize);
        Assert.Null(await BackendDocumentAsync(name));
    }

    [Theory, Trait("rufh", "R-09"), MemberData(nameof(Versions))]
    public async Task EmptyCreation_GivesTheUrl_ThenAppendsComplete(int version)
    {
        var name = $"careful-{version}.bin";
        var data = Bytes(30_000, version);
        using (var created = await DraftCreateAsync(version, Url(name), [], complete: false, uploadLength: data.Length, method: HttpMethod.Post, contentType: null))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(0, OffsetOf(created));
        }
        using (var first = await DraftAppendAsync(version, Url(name), 0, data[..10_000], complete: false))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
            Assert.False(CompleteOf(first));
            Assert.Equal(10_000, OffsetOf(first));
        }
        using var last = await DraftAppendAsync(version, Url(name), 10_000, data[10_000..], complete: true);
        Assert.Equal(HttpStatusCode.Created, last.StatusCode);
        Assert.True(CompleteOf(last));
        Assert.NotNull(last.Headers.ETag);
        await AssertStoredAsync(name, data);
    }

    [Theory, Trait("rufh", "R-06"), MemberData(nameof(Versions))]
    public async Task UploadLengthAndContentLengthOfACompleteCreationDiffer_Returns400InconsistentLength(int version)
    {
        var name = $"inconsistent-{version}.bin";
        using var response = await DraftCreateAsync(version, Url(name), Bytes(100), complete: true, uploadLength: 200);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(RufhHeaders.InconsistentLengthProblem, (await ProblemAsync(response)).GetProperty("type").GetString());
        Assert.Null(await BackendDocumentAsync(name));
    }

    [Theory, Trait("rufh", "R-10"), MemberData(nameof(Versions))]
    public async Task LengthPastMaxSize_Returns413WithTheLimit(int version)
    {
        using var response = await DraftCreateAsync(version, Url($"huge-{version}.bin"), [], complete: false, uploadLength: ProxiedBackendFixture.MaxUploadSize + 1);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(ProxiedBackendFixture.MaxUploadSize, UploadLimit.TryParse(Field(response, RufhHeaders.UploadLimit))!.MaxSize);
    }

    [Theory, Trait("rufh", "R-33"), MemberData(nameof(Versions))]
    public async Task ConditionalsOfTheCreation_AreReplayedOnTheFinalPut_AndARefusedCommitStaysResumable(int version)
    {
        var name = $"conditional-{version}.bin";
        var data = Bytes(20_000, version);
        using (var existing = await Tus.SendAsync(PlainPut(Url(name), [1, 2, 3])))
        {
            Assert.True(existing.IsSuccessStatusCode);
        }
        using (var created = await DraftCreateAsync(version, Url(name), data[..5_000], complete: false, uploadLength: data.Length,
                   configure: r => r.Headers.TryAddWithoutValidation("If-None-Match", "*")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using (var refused = await DraftAppendAsync(version, Url(name), 5_000, data[5_000..], complete: true))
        {
            // armadietto's answer to If-None-Match: * on an existing document, relayed with Upload-Complete: ?1.
            Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
            Assert.True(CompleteOf(refused));
        }
        await AssertStoredAsync(name, [1, 2, 3]);

        // The cause goes away; the ordinary retry (offset, then the rest) commits.
        using (var deleted = await Tus.SendAsync(Tus.Request(HttpMethod.Delete, $"{Fixture.DirectRoot}/{Folder}/{name}", tus: false)))
        {
            Assert.True(deleted.IsSuccessStatusCode);
        }
        using var head = await DraftOffsetAsync(version, Url(name));
        Assert.False(CompleteOf(head));
        var offset = OffsetOf(head)!.Value;
        Assert.Equal(data.Length - 1, offset);
        using var retried = await DraftAppendAsync(version, Url(name), offset, data[(int)offset..], complete: true);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        await AssertStoredAsync(name, data);
    }

    [Theory, Trait("rufh", "R-03")]
    [InlineData("7")]
    [InlineData("5")]
    [InlineData("10")]
    [InlineData("8;x=1, 9")]
    [InlineData("nine")]
    public async Task UnsupportedInteropVersion_IsNotTheDrafts_AndPassesThroughAsAPlainPut(string version)
    {
        var name = $"unsupported-{Guid.NewGuid():N}.bin";
        var request = Tus.Request(HttpMethod.Put, Url(name), tus: false);
        request.Headers.TryAddWithoutValidation(RufhHeaders.InteropVersion, version);
        request.Headers.TryAddWithoutValidation(RufhHeaders.UploadComplete, "?0");
        request.Content = new ByteArrayContent([9, 9, 9]);
        request.Content.Headers.ContentType = new("application/octet-stream");
        using var response = await Tus.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Null(Field(response, RufhHeaders.UploadComplete));
        await AssertStoredAsync(name, [9, 9, 9]);
    }

    [Fact, Trait("rufh", "R-03")]
    public async Task UnsupportedInteropVersion_WithTusResumable_IsTus()
    {
        var request = Tus.Request(HttpMethod.Head, Url("unknown-tus.bin"));
        request.Headers.TryAddWithoutValidation(RufhHeaders.InteropVersion, "7");
        using var response = await Tus.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("1.0.0", Field(response, "Tus-Resumable"));
    }

    private HttpRequestMessage PlainPut(string url, byte[] body)
    {
        var request = Tus.Request(HttpMethod.Put, url, tus: false);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new("application/octet-stream");
        return request;
    }
}
