using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>OPTIONS: discovery and CORS preflight (checklist C-40, C-41, C-43, EXT-CWU-01).</summary>
[Collection(ProxiedCollection.Name)]
public class DiscoveryTests(ProxiedBackendFixture fixture) : ConformanceTest(fixture)
{
    [Fact, Trait("tus", "C-40")]
    public async Task Options_Succeeds_WithTusVersion()
    {
        using var response = await Tus.SendAsync(new HttpRequestMessage(HttpMethod.Options, Url("d.bin")));
        Assert.True((int)response.StatusCode is 200 or 204, $"{(int)response.StatusCode}");
        Assert.Equal("1.0.0", TusHttp.Header(response, "Tus-Version"));
    }

    [Fact, Trait("tus", "C-41"), Trait("tus", "EXT-CWU-01")]
    public async Task TusExtension_ListsExactlyWhatThisMatrixCovers()
    {
        using var response = await Tus.SendAsync(new HttpRequestMessage(HttpMethod.Options, Url("d.bin")));
        var extensions = TusHttp.Header(response, "Tus-Extension")!.Split(',');
        Assert.Equal(
            ["checksum", "checksum-trailer", "concatenation", "creation", "creation-defer-length", "creation-with-upload", "expiration", "termination"],
            extensions.Order());
        Assert.DoesNotContain("concatenation-unfinished", extensions);
    }

    [Fact, Trait("tus", "C-43")]
    public async Task Preflight_AnswersCorsForTusMethodsAndHeaders_AlongsideDiscovery()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, Url("d.bin"));
        request.Headers.TryAddWithoutValidation("Origin", "https://app.example");
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "PATCH");
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", "tus-resumable,upload-offset,upload-checksum,content-type");
        using var response = await Tus.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode);
        Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin"));
        var methods = TusHttp.Header(response, "Access-Control-Allow-Methods")!;
        var headers = TusHttp.Header(response, "Access-Control-Allow-Headers")!;
        var exposed = TusHttp.Header(response, "Access-Control-Expose-Headers")!;
        Assert.Contains("PATCH", methods);
        Assert.Contains("Upload-Checksum", headers);
        Assert.Contains("Upload-Concat", headers);
        Assert.Contains("Upload-Offset", exposed);
        Assert.Contains("Upload-Expires", exposed);
        Assert.Contains("ETag", exposed);
        Assert.Equal("1.0.0", TusHttp.Header(response, "Tus-Version"));
    }

    [Fact]
    public async Task TusAnswers_ToABrowser_ExposeTheTusHeaders()
    {
        var request = Tus.Request(HttpMethod.Post, Url("d-cors.bin"));
        request.Headers.TryAddWithoutValidation("Upload-Length", "10");
        request.Headers.TryAddWithoutValidation("Origin", "https://app.example");
        using var response = await Tus.SendAsync(request);
        Assert.Equal("https://app.example", TusHttp.Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("Location", TusHttp.Header(response, "Access-Control-Expose-Headers")!);
    }
}
