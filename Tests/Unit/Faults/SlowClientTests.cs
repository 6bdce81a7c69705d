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
        var stalled = new List<RawHttpConnection>();
        for (var i = 0; i < 2; i++)
        {
            var path = $"/storage/a/slow{i}";
            await http.PostAsync(proxy.Origin + path, 1000);
            var request = await RawHttpConnection.StartRequestAsync(proxy.Origin, "PATCH", path, PatchHeaders(1000));
            await request.WriteAsync(new byte[10]);
            stalled.Add(request);
        }
        // Both slow PATCHes are inside the proxy, holding the two slots, once their bytes are staged.
        await StagedFiles.WaitForFilesAsync(proxy.StagingDirectory, 2, 10);
        Assert.Equal(2, StagedFiles.CountHolding(proxy.StagingDirectory, 10));

        var third = await http.PostAsync(proxy.Origin + "/storage/a/other", 10);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        var plain = await http.GetAsync(proxy.Origin + "/storage/a/readme.txt");
        Assert.Equal(201, plain.Status);

        // Once the stalled clients are gone their slots come back (when exactly is the proxy's business).
        foreach (var request in stalled) request.Reset();
        var after = HttpStatusCode.ServiceUnavailable;
        await Poll.UntilAsync(async () =>
        {
            after = (await http.PostAsync(proxy.Origin + "/storage/a/other", 10)).StatusCode;
            return after != HttpStatusCode.ServiceUnavailable;
        }, TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Created, after);
    }

    [Fact]
    public async Task TricklingBody_BelowMinBodyDataRate_GetsTheResumable503_AndItsBytesAreKept()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin,
            "ResumableUploads:MinBodyDataRate=50000", "ResumableUploads:MinBodyDataRateGrace=00:00:02");
        using var http = new TusHttp("t");
        var path = "/storage/a/trickle.bin";
        await http.PostAsync(proxy.Origin + path, 100_000);

        await using var request = await RawHttpConnection.StartRequestAsync(proxy.Origin, "PATCH", path, PatchHeaders(100_000));
        var sent = 0;
        var cutOff = false;
        // 100 bytes per poll step (20 ms): at most 5 kB/s, far below 50 kB/s.
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await request.WriteAsync(new byte[100]);
                sent += 100;
            }
            catch (IOException)
            {
                return cutOff = true;
            }
            return cutOff = sent > 2_000 && request.AnswerOrCloseArrived;
        }, TimeSpan.FromSeconds(60));

        Assert.True(cutOff, "the proxy never cut off the trickling body");
        // As for a stalled body: tus clients retry only 5xx, 409 and 423, so a 400 would end the upload.
        var answer = await request.TryReadResponseAsync();
        Assert.NotNull(answer);
        Assert.Equal(503, answer.Status);
        Assert.NotNull(answer.Header("Retry-After"));
        var offset = TusHttp.Offset(await http.HeadAsync(proxy.Origin + path))!.Value;
        Assert.InRange(offset, 1, sent);
    }

    [Fact]
    public async Task HeadersSentTooSlowly_TheConnectionIsClosedAfterRequestHeadersTimeout()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin, "Kestrel:Limits:RequestHeadersTimeout=00:00:02");
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync("127.0.0.1", proxy.Address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync("PATCH /storage/a/x HTTP/1.1\r\nHost: x\r\nX-Slow: "u8.ToArray());

        // Keep trickling one header value, a byte per poll step, never finishing: the server must
        // give up on us by itself. One header that grows slowly stays far below Kestrel's header
        // count and size limits, so only the timeout can end it.
        var ended = await Poll.UntilAsync(async () =>
        {
            if (socket.Client.Poll(0, System.Net.Sockets.SelectMode.SelectRead))
            {
                return true; // the server answered or closed
            }
            try
            {
                await stream.WriteAsync("a"u8.ToArray());
                return false;
            }
            catch (IOException)
            {
                return true;
            }
        }, TimeSpan.FromSeconds(90));
        Assert.True(ended, "a client that never finishes its headers kept its connection");
        var answer = new byte[64];
        var read = await stream.ReadAsync(answer);
        // 408, not 431 or a bare close: the headers timeout ended it, not a limit on their size.
        Assert.StartsWith("HTTP/1.1 408", System.Text.Encoding.ASCII.GetString(answer, 0, read));
        Assert.Empty(backend.Requests);
    }
}
