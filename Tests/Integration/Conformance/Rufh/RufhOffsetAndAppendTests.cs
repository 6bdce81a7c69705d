using System.Net;
using System.Net.Http.Headers;
using RsResumeProxy.Protocols.Rufh;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance.Rufh;

/// <summary>Offset retrieval (R-20…R-23) and append (R-30…R-36).</summary>
[Collection(ProxiedCollection.Name)]
public sealed class RufhOffsetAndAppendTests(ProxiedBackendFixture fixture) : RufhConformanceTest(fixture)
{
    [Theory, Trait("rufh", "R-20"), MemberData(nameof(Versions))]
    public async Task Head_ReportsOffsetCompleteLengthLimit_AndIsNotCached(int version)
    {
        var name = $"head-{version}.bin";
        using (await DraftCreateAsync(version, Url(name), Bytes(4_000), complete: false, uploadLength: 9_000)) { }

        using var head = await DraftOffsetAsync(version, Url(name));
        Assert.True(head.IsSuccessStatusCode);
        Assert.Equal(4_000, OffsetOf(head));
        Assert.False(CompleteOf(head));
        Assert.Equal("9000", Field(head, RufhHeaders.UploadLength));
        Assert.NotNull(UploadLimit.TryParse(Field(head, RufhHeaders.UploadLimit)));
        Assert.Equal("no-store", Field(head, "Cache-Control"));
    }

    [Fact, Trait("rufh", "R-20")]
    public async Task Get_WithInterop9_RetrievesTheOffset()
    {
        using (await DraftCreateAsync(9, Url("get-9.bin"), Bytes(1_234), complete: false, uploadLength: 5_000)) { }

        using var get = await DraftOffsetAsync(9, Url("get-9.bin"), byGet: true);
        Assert.True(get.IsSuccessStatusCode);
        Assert.Equal(1_234, OffsetOf(get));
        Assert.Equal("no-store", Field(get, "Cache-Control"));
    }

    [Theory, Trait("rufh", "R-20")]
    [InlineData(6)]
    [InlineData(8)]
    public async Task Get_BeforeInterop9_StaysTheRsRead(int version)
    {
        var name = $"get-read-{version}.bin";
        using (await DraftCreateAsync(version, Url(name), Bytes(500), complete: true)) { }

        using var get = await DraftOffsetAsync(version, Url(name), byGet: true);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Null(Field(get, RufhHeaders.UploadOffset));
        Assert.Equal(Bytes(500), await get.Content.ReadAsByteArrayAsync());
    }

    [Fact, Trait("rufh", "R-20")]
    public async Task Get_WithoutTheInteropHeader_StaysTheRsRead()
    {
        using (await DraftCreateAsync(9, Url("plain-get.bin"), Bytes(300), complete: false, uploadLength: 600)) { }

        using var get = await Tus.SendAsync(Tus.Request(HttpMethod.Get, Url("plain-get.bin"), tus: false));
        // No document yet: armadietto's 404, not an offset.
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Null(Field(get, RufhHeaders.UploadOffset));
    }

    [Theory, Trait("rufh", "R-20"), MemberData(nameof(Versions))]
    public async Task AfterTheCommit_HeadSaysComplete_WithTheFullOffsetAndTheETag(int version)
    {
        var name = $"done-{version}.bin";
        var data = Bytes(2_000, version);
        using var created = await DraftCreateAsync(version, Url(name), data, complete: true);

        using var head = await DraftOffsetAsync(version, Url(name));
        Assert.True(CompleteOf(head));
        Assert.Equal(data.Length, OffsetOf(head));
        Assert.Equal(created.Headers.ETag!.ToString(), Field(head, "ETag"));
    }

    [Theory, Trait("rufh", "R-31"), MemberData(nameof(Versions))]
    public async Task Append_AtTheWrongOffset_Returns409_WithTheOffset_AndTheProblem(int version)
    {
        var name = $"mismatch-{version}.bin";
        using (await DraftCreateAsync(version, Url(name), Bytes(1_000), complete: false, uploadLength: 3_000)) { }

        using var response = await DraftAppendAsync(version, Url(name), 700, Bytes(100), complete: false);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(1_000, OffsetOf(response));
        Assert.False(CompleteOf(response));
        var problem = await ProblemAsync(response);
        Assert.Equal(RufhHeaders.MismatchingOffsetProblem, problem.GetProperty("type").GetString());
        Assert.Equal(1_000, problem.GetProperty("expected-offset").GetInt64());
        Assert.Equal(700, problem.GetProperty("provided-offset").GetInt64());
    }

    [Theory, Trait("rufh", "R-30"), MemberData(nameof(Versions))]
    public async Task Append_OfAnotherMediaType_Returns415_NamingPartialUpload(int version)
    {
        var name = $"media-{version}.bin";
        using (await DraftCreateAsync(version, Url(name), Bytes(10), complete: false, uploadLength: 20)) { }

        using var response = await DraftAppendAsync(version, Url(name), 10, Bytes(10), complete: true,
            r => r.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains(PartialUpload, Field(response, "Accept-Patch"));
    }

    [Theory, Trait("rufh", "R-30")]
    [InlineData("Upload-Offset", null)]
    [InlineData("Upload-Offset", "-1")]
    [InlineData("Upload-Offset", "+10")]
    [InlineData("Upload-Offset", "10.0")]
    [InlineData("Upload-Offset", "1000000000000000")]
    [InlineData("Upload-Offset", "\"10\"")]
    [InlineData("Upload-Complete", null)]
    [InlineData("Upload-Complete", "true")]
    [InlineData("Upload-Complete", "1")]
    [InlineData("Upload-Complete", "?yes")]
    public async Task Append_WithAnAbsentOrInvalidRequiredField_Returns400(string field, string? value)
    {
        var name = $"fields-{Guid.NewGuid():N}.bin";
        using (await DraftCreateAsync(9, Url(name), Bytes(10), complete: false, uploadLength: 20)) { }

        using var response = await DraftAppendAsync(9, Url(name), 10, Bytes(10), complete: true, r =>
        {
            r.Headers.Remove(field);
            if (value is not null)
            {
                r.Headers.TryAddWithoutValidation(field, value);
            }
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var head = await DraftOffsetAsync(9, Url(name));
        Assert.Equal(10, OffsetOf(head));
    }

    [Theory, Trait("rufh", "R-30"), MemberData(nameof(Versions))]
    public async Task Fields_WithParameters_AreRead_AndTheParametersIgnored(int version)
    {
        var name = $"params-{version}.bin";
        var data = Bytes(20, version);
        using (await DraftCreateAsync(version, Url(name), data[..10], complete: false, uploadLength: 20)) { }

        using var response = await DraftAppendAsync(version, Url(name), 10, data[10..], complete: true, r =>
        {
            r.Headers.Remove(RufhHeaders.UploadOffset);
            r.Headers.Remove(RufhHeaders.UploadComplete);
            r.Headers.TryAddWithoutValidation(RufhHeaders.UploadOffset, "10;a=1");
            r.Headers.TryAddWithoutValidation(RufhHeaders.UploadComplete, "?1;b=\"x\"");
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await AssertStoredAsync(name, data);
    }

    [Theory, Trait("rufh", "R-35"), MemberData(nameof(Versions))]
    public async Task Append_PastTheKnownLength_IsRejected_AndNothingPastItIsKept(int version)
    {
        var name = $"past-{version}.bin";
        using (await DraftCreateAsync(version, Url(name), Bytes(10), complete: false, uploadLength: 20)) { }

        using var response = await DraftAppendAsync(version, Url(name), 10, Bytes(30), complete: false);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var head = await DraftOffsetAsync(version, Url(name));
        Assert.Equal(10, OffsetOf(head));
    }

    [Theory, Trait("rufh", "R-06"), MemberData(nameof(Versions))]
    public async Task CompletingAppend_ThatDisagreesWithTheLength_Returns400InconsistentLength(int version)
    {
        var name = $"short-{version}.bin";
        using (await DraftCreateAsync(version, Url(name), Bytes(10), complete: false, uploadLength: 40)) { }

        using var response = await DraftAppendAsync(version, Url(name), 10, Bytes(10), complete: true);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(RufhHeaders.InconsistentLengthProblem, (await ProblemAsync(response)).GetProperty("type").GetString());
        Assert.Null(await BackendDocumentAsync(name));
    }

    [Fact, Trait("rufh", "R-36")]
    public async Task AppendToACompletedUpload_Interop9_ReplaysTheFinalAnswer_WithoutASecondPut()
    {
        var data = Bytes(5_000, 9);
        using (await DraftCreateAsync(9, Url("replay-9.bin"), data[..4_000], complete: false, uploadLength: data.Length)) { }
        using var final = await DraftAppendAsync(9, Url("replay-9.bin"), 4_000, data[4_000..], complete: true);
        Assert.Equal(HttpStatusCode.Created, final.StatusCode);

        using var again = await DraftAppendAsync(9, Url("replay-9.bin"), 4_000, data[4_000..], complete: true);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.True(CompleteOf(again));
        Assert.Equal(final.Headers.ETag!.ToString(), again.Headers.ETag!.ToString());
        Assert.Equal(final.Headers.ETag!.ToString(), (await BackendDocumentAsync("replay-9.bin"))!.Value.ETag);
    }

    [Theory, Trait("rufh", "R-36")]
    [InlineData(8, 1_000, 400, RufhHeaders.InconsistentLengthProblem)]
    [InlineData(8, 0, 410, RufhHeaders.CompletedUploadProblem)]
    [InlineData(6, 1_000, 400, RufhHeaders.CompletedUploadProblem)]
    public async Task AppendToACompletedUpload_BeforeInterop9_IsRejected_AndChangesNothing(int version, int bytes, int status, string problem)
    {
        var name = $"completed-{version}-{bytes}.bin";
        var data = Bytes(5_000, version);
        using var created = await DraftCreateAsync(version, Url(name), data, complete: true);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var again = await DraftAppendAsync(version, Url(name), data.Length - bytes, data[^bytes..], complete: true);
        Assert.Equal(status, (int)again.StatusCode);
        Assert.Equal(problem, (await ProblemAsync(again)).GetProperty("type").GetString());
        Assert.Equal(created.Headers.ETag!.ToString(), (await BackendDocumentAsync(name))!.Value.ETag);
    }

    [Theory, Trait("rufh", "R-50"), MemberData(nameof(Versions))]
    public async Task AnotherCredential_SeesNoUpload(int version)
    {
        var name = $"mine-{version}.bin";
        using (await DraftCreateAsync(version, Url(name), Bytes(10), complete: false, uploadLength: 20)) { }
        var other = await Fixture.Backend.MintTokenAsync();

        using var head = await DraftOffsetAsync(version, Url(name), token: other);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        var append = Draft(HttpMethod.Patch, Url(name), version, other);
        append.Headers.TryAddWithoutValidation(RufhHeaders.UploadOffset, "10");
        append.Headers.TryAddWithoutValidation(RufhHeaders.UploadComplete, "?1");
        append.Content = new ByteArrayContent(Bytes(10));
        append.Content.Headers.ContentType = new MediaTypeHeaderValue(PartialUpload);
        using var patched = await Tus.SendAsync(append);
        Assert.Equal(HttpStatusCode.NotFound, patched.StatusCode);
    }

    [Theory, Trait("rufh", "R-40"), MemberData(nameof(Versions))]
    public async Task Delete_CancelsTheUpload_AndNeverTouchesTheStoredDocument(int version)
    {
        var name = $"cancel-{version}.bin";
        using (await DraftCreateAsync(version, Url(name), [7, 7], complete: true)) { }
        using (await DraftCreateAsync(version, Url(name), Bytes(10), complete: false, uploadLength: 20)) { }

        using var deleted = await Tus.SendAsync(Draft(HttpMethod.Delete, Url(name), version));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var head = await DraftOffsetAsync(version, Url(name));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        await AssertStoredAsync(name, [7, 7]);
    }
}
