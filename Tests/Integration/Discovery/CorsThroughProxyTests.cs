using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Discovery;

/// <summary>
/// What a browser sees of CORS through the proxy in front of armadietto: preflights for tus
/// requests succeed, and every tus answer (success, error, the relayed commit) lets the page read
/// the tus headers and the ETag, with exactly one Access-Control-Allow-Origin.
/// </summary>
[Collection(ProxiedCollection.Name)]
public sealed class CorsThroughProxyTests(ProxiedBackendFixture fixture) : ProxiedTest(fixture)
{
    private const string AppOrigin = "http://127.0.0.1:1";
    private static readonly string[] TusExposed = ["Location", "Upload-Offset", "Upload-Length", "Upload-Expires", "Tus-Resumable", "Tus-Version", "Tus-Max-Size", "Tus-Extension", "ETag"];

    private static List<string> List(HttpResponseMessage response, string header) =>
        (TusHttp.Header(response, header) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static HttpRequestMessage Preflight(string url, string method, string requestHeaders)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, TusHttp.Verbatim(url));
        request.Headers.TryAddWithoutValidation("Origin", AppOrigin);
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", method);
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", requestHeaders);
        return request;
    }

    /// <summary>One Access-Control-Allow-Origin naming the page, Vary: Origin, and the tus headers
    /// and ETag readable by the page.</summary>
    private static void AssertTusCors(HttpResponseMessage response)
    {
        Assert.Equal(AppOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("Origin", List(response, "Vary"));
        var exposed = List(response, "Access-Control-Expose-Headers");
        Assert.All(TusExposed, header => Assert.Contains(header, exposed, StringComparer.OrdinalIgnoreCase));
        Assert.Equal("1.0.0", TusHttp.Header(response, "Tus-Resumable"));
    }

    private HttpRequestMessage WithOrigin(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("Origin", AppOrigin);
        return request;
    }

    [Fact]
    public async Task PreflightForPatch_WithTusHeaders_IsAllowed()
    {
        var url = $"{Fixture.ProxiedRoot}/{Folder}/big.bin";
        var response = await Tus.SendAsync(Preflight(url, "PATCH",
            "tus-resumable, upload-offset, upload-length, upload-metadata, content-type, authorization, if-match, if-none-match, x-http-method-override, x-requested-with"));

        Assert.True(response.IsSuccessStatusCode, $"preflight answered {response.StatusCode}");
        Assert.Equal(AppOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("Origin", List(response, "Vary"));
        var methods = List(response, "Access-Control-Allow-Methods");
        Assert.All(new[] { "POST", "PATCH", "HEAD", "DELETE" }, method => Assert.Contains(method, methods));
        var headers = List(response, "Access-Control-Allow-Headers");
        Assert.All(new[] { "Tus-Resumable", "Upload-Offset", "Upload-Length", "Upload-Metadata", "Upload-Defer-Length", "Upload-Concat",
                "Content-Type", "Authorization", "If-Match", "If-None-Match", "X-HTTP-Method-Override", "X-Requested-With" },
            header => Assert.Contains(header, headers, StringComparer.OrdinalIgnoreCase));
        Assert.All(TusExposed, header => Assert.Contains(header, List(response, "Access-Control-Expose-Headers"), StringComparer.OrdinalIgnoreCase));
        Assert.Equal("1.0.0", TusHttp.Header(response, "Tus-Version"));
    }

    [Fact]
    public async Task PreflightForAnOrdinaryRsPut_KeepsTheBackendsAnswer_WithTheTusAdditions()
    {
        const string requested = "authorization, content-type, if-match";
        var direct = await Tus.SendAsync(Preflight($"{Fixture.DirectRoot}/{Folder}/doc.json", "PUT", requested));
        var proxied = await Tus.SendAsync(Preflight($"{Fixture.ProxiedRoot}/{Folder}/doc.json", "PUT", requested));

        Assert.Equal(direct.StatusCode, proxied.StatusCode);
        Assert.Equal(direct.Headers.GetValues("Access-Control-Allow-Origin"), proxied.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Equal(TusHttp.Header(direct, "Access-Control-Max-Age"), TusHttp.Header(proxied, "Access-Control-Max-Age"));
        foreach (var header in new[] { "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Expose-Headers", "Vary" })
        {
            var backend = List(direct, header);
            Assert.NotEmpty(backend);
            var merged = List(proxied, header);
            // The backend's list comes first and whole; the tus entries follow, none twice.
            Assert.Equal(backend, merged.Take(backend.Count));
            Assert.Equal(merged.Count, merged.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }
        Assert.Contains("PATCH", List(proxied, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task EveryTusAnswer_ExposesTheTusHeaders_WithOneAllowOrigin()
    {
        var url = $"{Fixture.ProxiedRoot}/{Folder}/upload.bin";
        var data = RandomNumberGenerator.GetBytes(100_000);

        var created = await Tus.PostAsync(url, data.Length, configure: r => WithOrigin(r));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        AssertTusCors(created);

        var appended = await Tus.PatchAsync(url, 0, data[..60_000], configure: r => WithOrigin(r));
        Assert.Equal(HttpStatusCode.NoContent, appended.StatusCode);
        AssertTusCors(appended);

        var offset = await Tus.SendAsync(WithOrigin(Tus.Request(HttpMethod.Head, url)));
        Assert.Equal(HttpStatusCode.OK, offset.StatusCode);
        AssertTusCors(offset);

        var conflict = await Tus.PatchAsync(url, 10, data[10..20], configure: r => WithOrigin(r));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        AssertTusCors(conflict);

        // The last PATCH is answered with armadietto's own status for the one PUT, and its ETag.
        var committed = await Tus.PatchAsync(url, 60_000, data[60_000..], configure: r => WithOrigin(r));
        Assert.Equal(HttpStatusCode.Created, committed.StatusCode);
        AssertTusCors(committed);
        var stored = await Tus.GetAsync($"{Fixture.DirectRoot}/{Folder}/upload.bin");
        Assert.Equal(stored.Response.Headers.ETag, committed.Headers.ETag);
        Assert.Equal(data, stored.Body);
    }

    [Fact]
    public async Task ErrorAnswers_CarryCorsToo()
    {
        var url = $"{Fixture.ProxiedRoot}/{Folder}/errors.bin";

        var unknown = await Tus.SendAsync(WithOrigin(Tus.Request(HttpMethod.Head, url)));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        AssertTusCors(unknown);

        var badVersion = Tus.Request(HttpMethod.Post, url);
        badVersion.Headers.Remove("Tus-Resumable");
        badVersion.Headers.TryAddWithoutValidation("Tus-Resumable", "0.2.2");
        var refused = await Tus.SendAsync(WithOrigin(badVersion));
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        AssertTusCors(refused);

        var terminated = await Tus.PostAsync(url, 10, configure: r => WithOrigin(r));
        Assert.Equal(HttpStatusCode.Created, terminated.StatusCode);
        var deleted = await Tus.SendAsync(WithOrigin(Tus.Request(HttpMethod.Delete, url)));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        AssertTusCors(deleted);
    }

    [Fact]
    public async Task RelayedCommitRefusal_HasOneAllowOrigin()
    {
        var url = $"{Fixture.ProxiedRoot}/{Folder}/exists.txt";
        var first = await Tus.PutAsync(url, "first"u8.ToArray());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        // A whole upload in the creating PUT commits at once; armadietto refuses it (If-None-Match: *
        // on an existing document) and the proxy relays that 412 as the answer.
        var refused = await Tus.PutAsync(url, "second"u8.ToArray(), configure: r =>
        {
            WithOrigin(r);
            r.Headers.TryAddWithoutValidation("If-None-Match", "*");
        });

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        AssertTusCors(refused);
    }

    [Fact]
    public async Task TusAnswerWithoutOrigin_AllowsAnyOrigin_LikeArmadietto()
    {
        var url = $"{Fixture.ProxiedRoot}/{Folder}/no-origin.bin";

        var created = await Tus.PostAsync(url, 10);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("*", Assert.Single(created.Headers.GetValues("Access-Control-Allow-Origin")));
    }
}
