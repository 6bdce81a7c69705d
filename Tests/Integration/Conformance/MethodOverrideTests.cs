using System.Net;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>X-HTTP-Method-Override on POST (checklist C-06), end to end.</summary>
[Collection(ProxiedCollection.Name)]
public class MethodOverrideTests(ProxiedBackendFixture fixture) : ConformanceTest(fixture)
{
    private HttpRequestMessage Overridden(string url, string method)
    {
        var request = Tus.Request(HttpMethod.Post, url);
        request.Headers.TryAddWithoutValidation("X-HTTP-Method-Override", method);
        return request;
    }

    [Fact, Trait("tus", "C-06")]
    public async Task PostOverriddenToPatch_AppendsAndCommits()
    {
        var url = Url("mo-patch.bin");
        var data = Bytes(1_000);
        await CreateAsync(url, data.Length, data[..400]);
        var request = Overridden(url, "PATCH");
        request.Headers.TryAddWithoutValidation("Upload-Offset", "400");
        request.Content = new ByteArrayContent(data[400..]);
        request.Content.Headers.ContentType = new(OctetStream);
        using var response = await Tus.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal(1_000, TusHttp.Offset(response));
        Assert.Equal(data, (await BackendDocumentAsync("mo-patch.bin"))!.Value.Body);
    }

    [Fact, Trait("tus", "C-06")]
    public async Task PostOverriddenToPatch_WithStaleOffset_Returns409LikeAPatch()
    {
        var url = Url("mo-409.bin");
        await CreateAsync(url, 100, Bytes(10));
        var request = Overridden(url, "PATCH");
        request.Headers.TryAddWithoutValidation("Upload-Offset", "3");
        request.Content = new ByteArrayContent([1]);
        request.Content.Headers.ContentType = new(OctetStream);
        using var response = await Tus.SendAsync(request);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(10, TusHttp.Offset(response));
    }

    [Fact, Trait("tus", "C-06")]
    public async Task PostOverriddenToHead_ReportsTheOffset()
    {
        var url = Url("mo-head.bin");
        await CreateAsync(url, 100, Bytes(7));
        using var response = await Tus.SendAsync(Overridden(url, "HEAD"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7, TusHttp.Offset(response));
        Assert.Equal("100", TusHttp.Header(response, "Upload-Length"));
        Assert.Equal("no-store", TusHttp.Header(response, "Cache-Control"));
    }

    [Fact, Trait("tus", "C-06")]
    public async Task PostOverriddenToDelete_Terminates()
    {
        var url = Url("mo-delete.bin");
        await CreateAsync(url, 100, Bytes(7));
        using var response = await Tus.SendAsync(Overridden(url, "DELETE"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var head = await HeadAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact, Trait("tus", "C-06")]
    public async Task OverrideOnAnotherMethodThanPost_IsIgnored()
    {
        var url = Url("mo-get.bin");
        await CreateAsync(url, 100, Bytes(7));
        var request = Tus.Request(HttpMethod.Head, url);
        request.Headers.TryAddWithoutValidation("X-HTTP-Method-Override", "DELETE");
        using (var head = await Tus.SendAsync(request)) Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(7, await OffsetAsync(url));
    }

    [Fact, Trait("tus", "C-06")]
    public async Task PostOverriddenToPut_Returns400_AndLeavesTheDocumentAlone()
    {
        var original = Bytes(300, seed: 3);
        using (var put = await Tus.PutAsync(Url("mo-put.bin"), original)) Assert.True(put.IsSuccessStatusCode, $"{(int)put.StatusCode}");
        var before = await BackendDocumentAsync("mo-put.bin");

        // An empty POST overridden to PUT would have emptied the document.
        using var response = await Tus.SendAsync(Overridden(Url("mo-put.bin"), "PUT"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var after = await BackendDocumentAsync("mo-put.bin");
        Assert.Equal(original, after!.Value.Body);
        Assert.Equal(before!.Value.ETag, after.Value.ETag);
    }

    [Theory, Trait("tus", "C-06")]
    [InlineData("GET")]
    [InlineData("FOO")]
    [InlineData("TRACE")]
    [InlineData("POST")]
    public async Task PostOverriddenToAnotherMethod_Returns400_InsteadOfReachingTheBackend(string method)
    {
        // Forwarded as a plain POST, armadietto would never answer: the client would hang.
        using var response = await Tus.SendAsync(Overridden(Url($"mo-{method}.bin"), method));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("1.0.0", TusHttp.Header(response, "Tus-Resumable"));
    }
}
