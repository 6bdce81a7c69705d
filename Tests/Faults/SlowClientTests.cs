using System.Net;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Faults;

/// <summary>Slow or hostile clients cannot hold uploads or threads hostage.</summary>
public sealed class SlowClientTests
{
    private static Dictionary<string, string> PatchHeaders(long length) => new()
    {
        ["Authorization"] = "Bearer t", ["Tus-Resumable"] = "1.0.0", ["Upload-Offset"] = "0",
        ["Content-Type"] = "application/offset+octet-stream", ["Content-Length"] = length.ToString(),
    };

    [Fact]
    public async Task BeyondMaxConcurrentTusRequests_TusGets503_AndPassThroughKeepsFlowing()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin,
            "ResumableUploads:MaxConcurrentTusRequests=2", "ResumableUploads:MinBodyDataRate=0");
        using var http = new TusHttp("t");
        var stalled = new List<RawHttpRequest>();
        for (var i = 0; i < 2; i++)
        {
            var path = $"/storage/a/slow{i}";
            await http.PostAsync(proxy.Origin + path, 1000);
            var request = await RawHttpRequest.StartAsync(proxy.Address, "PATCH", path, PatchHeaders(1000));
            await request.SendAsync(new byte[10]);
            stalled.Add(request);
        }
        await StagedFiles.WaitForAsync(proxy.StagingDirectory, 10);
        await Task.Delay(200); // both slow PATCHes are inside the proxy now

        var third = await http.PostAsync(proxy.Origin + "/storage/a/other", 10);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        var plain = await http.GetAsync(proxy.Origin + "/storage/a/readme.txt");
        Assert.Equal(201, plain.Status);

        foreach (var request in stalled) request.Reset();
        await Task.Delay(200);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(proxy.Origin + "/storage/a/other", 10)).StatusCode);
    }

    [Fact]
    public async Task TricklingBody_BelowMinBodyDataRate_IsCutOff_AndItsBytesAreKept()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin,
            "ResumableUploads:MinBodyDataRate=50000", "ResumableUploads:MinBodyDataRateGrace=00:00:02");
        using var http = new TusHttp("t");
        var path = "/storage/a/trickle.bin";
        await http.PostAsync(proxy.Origin + path, 100_000);

        await using var request = await RawHttpRequest.StartAsync(proxy.Address, "PATCH", path, PatchHeaders(100_000));
        var sent = 0;
        var cutOff = false;
        for (var i = 0; i < 60 && !cutOff; i++)
        {
            try
            {
                await request.SendAsync(new byte[100]); // 100 bytes every 100 ms: 1 kB/s, far below 50 kB/s
                sent += 100;
                await Task.Delay(100);
            }
            catch (IOException)
            {
                cutOff = true;
            }
            if (!cutOff && i > 20)
            {
                cutOff = await request.ReadResponseHeadAsync(TimeSpan.FromMilliseconds(10)) is not null;
            }
        }

        Assert.True(cutOff, "the proxy never cut off the trickling body");
        var offset = TusHttp.Offset(await http.HeadAsync(proxy.Origin + path))!.Value;
        Assert.InRange(offset, 1, sent);
    }
}
