using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RsResumeProxy.Hosting;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>
/// The commit outcome stays answerable (profile "Commit"; checklist C-26, P-16): a client that lost
/// the final answer learns it from HEAD or from repeating its last PATCH, and the backend gets
/// one PUT. armadietto's ETags are millisecond timestamps, so an unchanged ETag proves no second PUT.
/// </summary>
[Collection(ProxiedCollection.Name)]
public class CommitReplayTests(ProxiedBackendFixture fixture) : ConformanceTest(fixture)
{
    [Fact, Trait("tus", "P-16")]
    public async Task HeadAfterCommit_ReportsTheFullOffsetAndTheBackendsETag()
    {
        var url = Url("cr-head.bin");
        using var commit = await Tus.PostAsync(url, 5, Bytes(5));
        Assert.True(commit.IsSuccessStatusCode);
        using var head = await HeadAsync(url);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(5, TusHttp.Offset(head));
        Assert.Equal("5", TusHttp.Header(head, "Upload-Length"));
        Assert.Equal(commit.Headers.ETag, head.Headers.ETag);
        Assert.Equal((await BackendDocumentAsync("cr-head.bin"))!.Value.ETag, head.Headers.ETag?.ToString());
    }

    [Fact, Trait("tus", "C-26")]
    public async Task RepeatedCompletingPatch_GetsTheSameOutcome_WithoutASecondPut()
    {
        var url = Url("cr-patch.bin");
        var data = Bytes(3_000);
        await CreateAsync(url, data.Length, data[..1_000]);
        using var last = await Tus.PatchAsync(url, 1_000, data[1_000..]);
        Assert.True(last.IsSuccessStatusCode, $"{(int)last.StatusCode}");
        var stored = (await BackendDocumentAsync("cr-patch.bin"))!.Value.ETag;

        using var repeated = await Tus.PatchAsync(url, 1_000, data[1_000..]);
        Assert.Equal(last.StatusCode, repeated.StatusCode);
        Assert.Equal(last.Headers.ETag, repeated.Headers.ETag);
        Assert.Equal(3_000, TusHttp.Offset(repeated));
        Assert.Equal(stored, (await BackendDocumentAsync("cr-patch.bin"))!.Value.ETag);
        Assert.Equal(data, (await BackendDocumentAsync("cr-patch.bin"))!.Value.Body);
    }

    [Fact, Trait("tus", "P-16")]
    public async Task AfterTheRetention_TheOutcomeIsForgotten()
    {
        var clock = new ShiftedTimeProvider();
        await using var proxy = await Fixture.StartProxyAsync(
            (WebApplicationBuilder builder) => builder.Services.AddSingleton<TimeProvider>(clock), "ResumableUploads:CommittedRetention=00:05:00");
        var url = UrlVia(proxy, "cr-retention.bin");
        using (var commit = await Tus.PostAsync(url, 2, [1, 2])) Assert.True(commit.IsSuccessStatusCode);
        clock.Advance(TimeSpan.FromMinutes(4));
        using (var kept = await Tus.HeadAsync(url)) Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        clock.Advance(TimeSpan.FromMinutes(2));
        using (var forgotten = await Tus.HeadAsync(url)) Assert.Equal(HttpStatusCode.NotFound, forgotten.StatusCode);
        await proxy.Services.GetServices<IHostedService>().OfType<ExpirySweeper>().Single().SweepOnceAsync(CancellationToken.None);
        Assert.Empty(Directory.EnumerateFiles(proxy.StateDirectory, "*.json"));
    }
}
