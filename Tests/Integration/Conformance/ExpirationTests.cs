using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RsResumeProxy.Hosting;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>expiration (checklist 2.4), with a clock the test moves forward.</summary>
[Collection(ProxiedCollection.Name)]
public class ExpirationTests(ProxiedBackendFixture fixture) : ConformanceTest(fixture)
{
    private static readonly TimeSpan ExpireAfter = TimeSpan.FromHours(1);

    private async Task<(ProxyServer Proxy, ShiftedTimeProvider Clock)> StartWithClockAsync()
    {
        var clock = new ShiftedTimeProvider();
        var proxy = await Fixture.StartProxyAsync(
            (WebApplicationBuilder builder) => builder.Services.AddSingleton<TimeProvider>(clock),
            "ResumableUploads:ExpireAfter=01:00:00", "ResumableUploads:CommittedRetention=00:10:00");
        return (proxy, clock);
    }

    private static Task SweepAsync(ProxyServer proxy) =>
        proxy.Services.GetServices<IHostedService>().OfType<ExpirySweeper>().Single().SweepOnceAsync(CancellationToken.None);

    private static DateTimeOffset Expires(HttpResponseMessage response)
    {
        var value = TusHttp.Header(response, "Upload-Expires");
        Assert.NotNull(value);
        // RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT", 29 characters.
        Assert.Equal(29, value.Length);
        return DateTimeOffset.ParseExact(value, "r", CultureInfo.InvariantCulture);
    }

    [Fact, Trait("tus", "EXT-EX-01")]
    public async Task Options_ListsExpiration()
    {
        using var response = await Tus.SendAsync(new HttpRequestMessage(HttpMethod.Options, Url("ex01.bin")));
        Assert.Contains("expiration", TusHttp.Header(response, "Tus-Extension")!.Split(','));
    }

    [Fact, Trait("tus", "EXT-EX-02"), Trait("tus", "EXT-EX-03")]
    public async Task CreationPatchAndHead_CarryUploadExpires_AsAnImfFixdate_ThatSlidesWithEachPatch()
    {
        var (proxy, clock) = await StartWithClockAsync();
        await using var _ = proxy;
        var url = UrlVia(proxy, "ex02.bin");
        using var created = await Tus.PostAsync(url, 100);
        var atCreation = Expires(created);
        Assert.InRange(atCreation - clock.GetUtcNow(), ExpireAfter - TimeSpan.FromMinutes(1), ExpireAfter);
        using var head = await Tus.HeadAsync(url);
        Assert.Equal(atCreation, Expires(head));
        clock.Advance(TimeSpan.FromMinutes(30));
        using var patch = await Tus.PatchAsync(url, 0, [1, 2, 3]);
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.InRange(Expires(patch) - atCreation, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));
    }

    [Fact, Trait("tus", "EXT-EX-04")]
    public async Task ExpiredUpload_Answers410WhileRemembered_Then404_AndItsBytesAreRemoved()
    {
        var (proxy, clock) = await StartWithClockAsync();
        await using var _ = proxy;
        var url = UrlVia(proxy, "ex04.bin");
        using (var created = await Tus.PostAsync(url, 100, Bytes(10))) Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = UploadIdOf("ex04.bin", proxy);
        Assert.Equal(10, await StagedLengthAsync(id, proxy));

        clock.Advance(ExpireAfter + TimeSpan.FromMinutes(1));
        // Expired even before the sweeper has run.
        using (var patch = await Tus.PatchAsync(url, 10, [1])) Assert.Equal(HttpStatusCode.Gone, patch.StatusCode);
        await SweepAsync(proxy);
        Assert.Equal(-1, await StagedLengthAsync(id, proxy));
        using (var head = await Tus.HeadAsync(url)) Assert.Equal(HttpStatusCode.Gone, head.StatusCode);

        // The tombstone is kept for another ExpireAfter, then forgotten.
        clock.Advance(ExpireAfter + TimeSpan.FromMinutes(1));
        await SweepAsync(proxy);
        using (var head = await Tus.HeadAsync(url)) Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(proxy.StateDirectory, "*.json"));
    }

    [Fact, Trait("tus", "EXT-EX-05")]
    public async Task CommittedUpload_HasNoUploadExpires_AndIsForgottenAfterTheRetention()
    {
        var (proxy, clock) = await StartWithClockAsync();
        await using var _ = proxy;
        var url = UrlVia(proxy, "ex05.bin");
        using (var committed = await Tus.PostAsync(url, 3, [1, 2, 3]))
        {
            Assert.True(committed.IsSuccessStatusCode);
            Assert.Null(TusHttp.Header(committed, "Upload-Expires"));
        }
        using (var head = await Tus.HeadAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Null(TusHttp.Header(head, "Upload-Expires"));
        }
        clock.Advance(TimeSpan.FromMinutes(11));
        await SweepAsync(proxy);
        using (var head = await Tus.HeadAsync(url)) Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Equal([1, 2, 3], (await BackendDocumentAsync("ex05.bin"))!.Value.Body);
    }

    [Fact, Trait("tus", "EXT-EX-04")]
    public async Task Sweeper_ExpiresUploadsWhoseRecordsHoldArrays_DigestsAndPartLists()
    {
        // Records with a declared digest (a byte array) or a final's part list never compared
        // equal after a round trip through the store, so the sweeper used to skip them forever.
        var (proxy, clock) = await StartWithClockAsync();
        await using var _ = proxy;
        var url = UrlVia(proxy, "ex07.bin");
        var digest = "sha-256=:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(new byte[100])) + ":";
        using (var created = await Tus.PostAsync(url, 100, Bytes(10), configure: r => r.Headers.TryAddWithoutValidation("Repr-Digest", digest)))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var id = UploadIdOf("ex07.bin", proxy);
        clock.Advance(ExpireAfter + TimeSpan.FromMinutes(1));
        await SweepAsync(proxy);
        Assert.Equal(-1, await StagedLengthAsync(id, proxy));
        using var head = await Tus.HeadAsync(url);
        Assert.Equal(HttpStatusCode.Gone, head.StatusCode);
    }

    [Fact]
    public async Task Sweeper_LeavesUploadsThatAreStillAlive_IncludingConcatenationParts()
    {
        var (proxy, clock) = await StartWithClockAsync();
        await using var _ = proxy;
        var url = UrlVia(proxy, "ex06.bin");
        using var part = await Tus.PostAsync(url, 100, Bytes(10), configure: r => r.Headers.TryAddWithoutValidation("Upload-Concat", "partial"));
        var partUrl = proxy.Origin + part.Headers.Location!.OriginalString;
        clock.Advance(TimeSpan.FromMinutes(50));
        using (var patch = await Tus.PatchAsync(partUrl, 10, [1])) Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        clock.Advance(TimeSpan.FromMinutes(50)); // 100 minutes since creation, 50 since the last PATCH
        await SweepAsync(proxy);
        Assert.Equal(11, TusHttp.Offset(await Tus.HeadAsync(partUrl)));
        clock.Advance(TimeSpan.FromMinutes(11));
        await SweepAsync(proxy);
        using var gone = await Tus.HeadAsync(partUrl);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
    }
}
