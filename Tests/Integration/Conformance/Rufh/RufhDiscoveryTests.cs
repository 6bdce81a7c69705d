using System.Text.Json.Nodes;
using RsResumeProxy.Discovery;
using RsResumeProxy.Protocols.Rufh;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance.Rufh;

/// <summary>OPTIONS, CORS for browsers, and the WebFinger announcement.</summary>
[Collection(ProxiedCollection.Name)]
public sealed class RufhDiscoveryTests(ProxiedBackendFixture fixture) : RufhConformanceTest(fixture)
{
    [Theory, Trait("rufh", "R-60"), MemberData(nameof(Versions))]
    public async Task Options_AnnouncesUploadLimit_AndAcceptPatch(int version)
    {
        using var response = await Tus.SendAsync(Draft(HttpMethod.Options, Url("o.bin"), version));
        Assert.True(response.IsSuccessStatusCode);
        var limit = UploadLimit.TryParse(Field(response, RufhHeaders.UploadLimit));
        Assert.NotNull(limit);
        Assert.Equal(0, limit.MinSize);
        Assert.Equal(ProxiedBackendFixture.MaxUploadSize, limit.MaxSize);
        Assert.Contains(version == 6 ? "expires=" : "max-age=", Field(response, RufhHeaders.UploadLimit));
        Assert.Contains(PartialUpload, Field(response, "Accept-Patch"));
    }

    [Theory, Trait("rufh", "R-61"), MemberData(nameof(Versions))]
    public async Task Limits_StayTheSame_FromOptionsThroughCreationToOffsetRetrieval(int version)
    {
        var name = $"limits-{version}.bin";
        using var options = await Tus.SendAsync(Draft(HttpMethod.Options, Url(name), version));
        using var created = await DraftCreateAsync(version, Url(name), Bytes(10), complete: false, uploadLength: 100);
        using var appended = await DraftAppendAsync(version, Url(name), 10, Bytes(10), complete: false);
        using var head = await DraftOffsetAsync(version, Url(name));

        var limits = new[] { options, created, head }.Select(r => UploadLimit.TryParse(Field(r, RufhHeaders.UploadLimit))!).ToList();
        Assert.All(limits, l => Assert.Equal(ProxiedBackendFixture.MaxUploadSize, l.MaxSize));
        Assert.All(limits, l => Assert.Equal(0, l.MinSize));
        Assert.All(limits, l => Assert.Null(l.MaxAppendSize));
        Assert.All(limits, l => Assert.Null(l.MinAppendSize));
    }

    [Fact]
    public async Task Preflight_AllowsTheDraftsRequestFields()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, Url("p.bin"));
        request.Headers.TryAddWithoutValidation("Origin", "https://app.example");
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "PATCH");
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", "upload-complete,upload-offset,upload-draft-interop-version,content-type");
        using var response = await Tus.SendAsync(request);
        var allowed = Field(response, "Access-Control-Allow-Headers")!;
        Assert.Contains("Upload-Complete", allowed);
        Assert.Contains("Upload-Draft-Interop-Version", allowed);
        Assert.Contains("Upload-Offset", allowed);
        Assert.Contains("PATCH", Field(response, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task DraftAnswers_ToABrowser_ExposeTheDraftsFields()
    {
        using var response = await DraftCreateAsync(9, Url("browser.bin"), Bytes(10), complete: false, uploadLength: 20,
            configure: r => r.Headers.TryAddWithoutValidation("Origin", "https://app.example"));
        Assert.Equal("https://app.example", Field(response, "Access-Control-Allow-Origin"));
        var exposed = Field(response, "Access-Control-Expose-Headers")!;
        foreach (var name in new[] { "Location", "Upload-Offset", "Upload-Complete", "Upload-Limit", "Upload-Length", "ETag" })
        {
            Assert.Contains(name, exposed);
        }
    }

    [Fact]
    public async Task WebFinger_AnnouncesTheDraftBesideTus_WithItsInteropVersions()
    {
        using var response = await Tus.Client.GetAsync($"{ProxyOrigin}{WebFingerTransform.WebFingerPath}?resource=acct:{Fixture.Backend.User}@{Fixture.Proxy.Address.Authority}");
        var jrd = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var link = jrd["links"]!.AsArray().Single(l => WebFingerTransform.RemoteStorageRels.Contains(l!["rel"]!.GetValue<string>()))!;
        Assert.Equal("1.0.0", link["properties"]![WebFingerTransform.ResumableUploadProperty]!.GetValue<string>());
        Assert.Equal("6,8,9", link["properties"]![WebFingerTransform.DraftResumableUploadProperty]!.GetValue<string>());
    }
}
