using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Backend;

/// <summary>
/// The streaming commit: a request that completes its upload starts the backend PUT at once, the
/// PUT's body following the staged file. Each promise of it, against a recording backend (what
/// reached it, and when) and against armadietto (what it stored).
/// </summary>
public sealed class StreamingCommitTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheBackendPutStartsWhileTheCompletingBodyIsStillArriving()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin);
        using var http = new TusHttp("t");
        var document = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
        var url = $"{proxy.Origin}/storage/alice/streamed.bin";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, document.Length)).StatusCode);

        var body = new GatedContent(document, document.Length / 2);
        var patch = http.SendAsync(Patch(http, url, 0, body));
        await body.FirstPartSent.Task.WaitAsync(SafetyNet);
        // Half the body is in; without a streaming commit the backend sees nothing until the end.
        Assert.True(await Poll.UntilAsync(() => backend.BodyBytesSeen > 0, SafetyNet), "the PUT did not start before the body ended");
        Assert.Empty(backend.Requests);
        Assert.True(backend.BodyBytesSeen < document.Length, "the backend got the last byte before the body ended");
        body.Open.SetResult();

        using var answer = await patch;
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var put = Assert.Single(backend.Requests);
        Assert.Equal(document.Length, put.BodyLength);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)), put.BodySha256);
    }

    [Fact]
    public async Task ABackendSlowerThanTheClient_GetsTheWholeDocument_AndTheClientHearsOnlyOnceItAccepted()
    {
        await using var backend = await RecordingBackend.StartAsync();
        backend.DelayPerRead = TimeSpan.FromMilliseconds(2);
        var accept = new TaskCompletionSource();
        backend.Responder = async (_, context) =>
        {
            await accept.Task;
            context.Response.StatusCode = 201;
            context.Response.Headers.ETag = "\"stored\"";
        };
        await using var proxy = await ProxyServer.StartAsync(backend.Origin);
        using var http = new TusHttp("t");
        var document = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var url = $"{proxy.Origin}/storage/alice/slow-backend.bin";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, document.Length)).StatusCode);

        var patch = http.PatchAsync(url, 0, document);
        Assert.True(await Poll.UntilAsync(() => !backend.Requests.IsEmpty, SafetyNet), "the PUT never arrived whole");
        // The backend has the whole body but has not answered: the client must not have heard.
        Assert.False(patch.IsCompleted);
        Assert.NotEqual(document.Length, TusHttp.Offset(await http.HeadAsync(url)));
        accept.SetResult();

        using var answer = await patch;
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.Equal("\"stored\"", answer.Headers.ETag?.ToString());
        var put = Assert.Single(backend.Requests);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)), put.BodySha256);
        Assert.Equal(document.Length, TusHttp.Offset(await http.HeadAsync(url)));
    }

    [Fact]
    public async Task AClientCutOffInTheCompletingPatch_LeavesNothingAtTheBackend_AndTheBytesStayForTheResume()
    {
        await using var backend = await ArmadiettoServer.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin);
        using var http = new TusHttp(backend.Token);
        var document = RandomNumberGenerator.GetBytes(1024 * 1024);
        var url = $"{proxy.Origin}/storage/{backend.User}/cut/doc.bin";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, document.Length, document[..100_000])).StatusCode);

        var cut = new CutContent(document[100_000..], 400_000);
        await Assert.ThrowsAnyAsync<Exception>(() => http.SendAsync(Patch(http, url, 100_000, cut)));

        // The upload answers again once the proxy has noticed the drop. How many of the bytes sent
        // before the cut reached it depends on the reset (the kernel drops what it still buffered),
        // so the offset lies anywhere from the creation's bytes to short of the document; that
        // received bytes are kept is DisconnectTests' subject. What matters here: nothing at the
        // backend, and the resume from that offset completes the document.
        Assert.True(await Poll.UntilAsync(() => OffsetOf(http, url) >= 100_000, SafetyNet));
        var offset = OffsetOf(http, url);
        Assert.InRange(offset, 100_000, document.Length - 1);
        Assert.Equal(404, (await http.GetAsync($"{backend.StorageRoot}/cut/doc.bin")).Status);

        using var resumed = await http.PatchAsync(url, offset, document[(int)offset..]);
        Assert.Equal(HttpStatusCode.Created, resumed.StatusCode);
        Assert.Equal(document, (await http.GetAsync($"{backend.StorageRoot}/cut/doc.bin")).Body);
    }

    [Fact]
    public async Task AWholeDocumentDigestMismatch_AbortsThePut_AndTheBackendStoresNothing()
    {
        await using var backend = await ArmadiettoServer.StartAsync();
        await using var recording = await RecordingBackend.StartAsync();
        using var http = new TusHttp(backend.Token);
        var document = RandomNumberGenerator.GetBytes(600_000);
        var declared = "sha-256=:" + Convert.ToBase64String(SHA256.HashData(document[..^1])) + ":";

        // armadietto: the completing PATCH answers 460, and the document never appears.
        await using (var proxy = await ProxyServer.StartAsync(backend.Origin))
        {
            var url = $"{proxy.Origin}/storage/{backend.User}/digest/armadietto.bin";
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, document.Length,
                configure: r => r.Headers.TryAddWithoutValidation("Repr-Digest", declared))).StatusCode);
            using var answer = await http.PatchAsync(url, 0, document);
            Assert.Equal(460, (int)answer.StatusCode);
        }
        Assert.Equal(404, (await http.GetAsync($"{backend.StorageRoot}/digest/armadietto.bin")).Status);

        // The recording backend: the PUT is seen streaming before the body ends (the gate holds the
        // second half back until it is), and still never ends whole.
        await using (var proxy = await ProxyServer.StartAsync(recording.Origin))
        {
            var url = $"{proxy.Origin}/storage/{backend.User}/digest/recording.bin";
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, document.Length,
                configure: r => r.Headers.TryAddWithoutValidation("Repr-Digest", declared))).StatusCode);
            var body = new GatedContent(document, document.Length / 2);
            var patch = http.SendAsync(Patch(http, url, 0, body));
            await body.FirstPartSent.Task.WaitAsync(SafetyNet);
            Assert.True(await Poll.UntilAsync(() => recording.BodyBytesSeen > 0, SafetyNet), "the PUT did not start before the body ended");
            body.Open.SetResult();
            using var answer = await patch;
            Assert.Equal(460, (int)answer.StatusCode);
        }
        Assert.Empty(recording.Requests);
    }

    [Fact]
    public async Task AChunkChecksumMismatchInTheCompletingPatch_AbortsThePut_AndKeepsTheOffset()
    {
        await using var recording = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(recording.Origin);
        using var http = new TusHttp("t");
        var document = RandomNumberGenerator.GetBytes(700_000);
        var url = $"{proxy.Origin}/storage/alice/chunk-checksum.bin";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, document.Length, document[..50_000])).StatusCode);
        var wrong = "sha1 " + Convert.ToBase64String(SHA1.HashData(document[50_001..]));

        using var answer = await http.PatchAsync(url, 50_000, document[50_000..], configure: r => r.Headers.TryAddWithoutValidation("Upload-Checksum", wrong));

        Assert.Equal(460, (int)answer.StatusCode);
        Assert.Equal(50_000, TusHttp.Offset(await http.HeadAsync(url)));
        Assert.Empty(recording.Requests);
        using var retried = await http.PatchAsync(url, 50_000, document[50_000..]);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)), Assert.Single(recording.Requests).BodySha256);
    }

    // Commit ahead: an upload sent in several requests has its PUT follow it from the first one
    // (ResumableUploads:CommitAheadIdleTimeout), under the same promises.

    [Fact]
    public async Task AChunkedUpload_HasItsPutFollowTheUploadFromTheFirstRequest_AndCommitsOnce()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin);
        using var http = new TusHttp("t");
        var document = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 5);
        var url = $"{proxy.Origin}/storage/alice/ahead.bin";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, document.Length)).StatusCode);

        using (var first = await http.PatchAsync(url, 0, document[..(1024 * 1024)]))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }
        // Only the first MiB is uploaded, and the backend is already taking it.
        Assert.True(await Poll.UntilAsync(() => backend.BodyBytesSeen > 0, SafetyNet), "the PUT did not start with the first request");
        Assert.Empty(backend.Requests);
        using (var second = await http.PatchAsync(url, 1024 * 1024, document[(1024 * 1024)..(2 * 1024 * 1024)]))
        {
            Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        }
        Assert.Empty(backend.Requests);
        using var last = await http.PatchAsync(url, 2 * 1024 * 1024, document[(2 * 1024 * 1024)..]);

        Assert.Equal(HttpStatusCode.Created, last.StatusCode);
        var put = Assert.Single(backend.Requests);
        Assert.Equal(document.Length, put.BodyLength);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)), put.BodySha256);
        Assert.Equal(0, backend.BodiesCutOff);
        Assert.Equal(document.Length, backend.BodyBytesSeen);
    }

    [Fact]
    public async Task WithCommitAheadOff_ThePutStartsWithTheCompletingRequest()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin, "ResumableUploads:CommitAheadIdleTimeout=00:00:00");
        using var http = new TusHttp("t");
        var document = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
        var url = $"{proxy.Origin}/storage/alice/not-ahead.bin";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, document.Length, document[..(1024 * 1024)])).StatusCode);
        using (var middle = await http.PatchAsync(url, 1024 * 1024, document[(1024 * 1024)..^1]))
        {
            Assert.Equal(HttpStatusCode.NoContent, middle.StatusCode);
        }
        Assert.Equal(0, backend.BodyBytesSeen);

        using var last = await http.PatchAsync(url, document.Length - 1, document[^1..]);
        Assert.Equal(HttpStatusCode.Created, last.StatusCode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)), Assert.Single(backend.Requests).BodySha256);
    }

    [Fact]
    public async Task AnUploadPausedPastTheIdleTimeout_HasItsEarlyPutAborted_AndStillCommitsOnce()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin, "ResumableUploads:CommitAheadIdleTimeout=00:00:01");
        using var http = new TusHttp("t");
        var document = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
        var url = $"{proxy.Origin}/storage/alice/paused.bin";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, document.Length, document[..(1024 * 1024)])).StatusCode);
        Assert.True(await Poll.UntilAsync(() => backend.BodyBytesSeen > 0, SafetyNet), "the PUT did not start with the creation's body");

        // The client pauses: the backend sees the early PUT broken off, never a whole body.
        Assert.True(await Poll.UntilAsync(() => backend.BodiesCutOff == 1, SafetyNet), "the idle early PUT was not aborted");
        Assert.Empty(backend.Requests);

        using var last = await http.PatchAsync(url, 1024 * 1024, document[(1024 * 1024)..]);
        Assert.Equal(HttpStatusCode.Created, last.StatusCode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)), Assert.Single(backend.Requests).BodySha256);
        Assert.Equal(1, backend.BodiesCutOff);
    }

    [Fact]
    public async Task ARequestCutOffMidBody_AbortsTheEarlyPut_AndTheResumeCommitsTheDocument()
    {
        await using var backend = await ArmadiettoServer.StartAsync();
        await using var recording = await RecordingBackend.StartAsync();
        foreach (var (origin, storage, token) in new[] { (recording.Origin, (string?)null, "t"), (backend.Origin, backend.StorageRoot, backend.Token) })
        {
            await using var proxy = await ProxyServer.StartAsync(origin);
            using var http = new TusHttp(token);
            var document = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
            var path = storage is null ? "/storage/alice/cut-ahead.bin" : $"/storage/{backend.User}/cut-ahead.bin";
            var url = proxy.Origin + path;
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, document.Length, document[..(512 * 1024)])).StatusCode);

            var cut = new CutContent(document[(512 * 1024)..], 700_000);
            await Assert.ThrowsAnyAsync<Exception>(() => http.SendAsync(Patch(http, url, 512 * 1024, cut)));
            Assert.True(await Poll.UntilAsync(() => OffsetOf(http, url) >= 512 * 1024, SafetyNet));
            if (storage is null)
            {
                Assert.True(await Poll.UntilAsync(() => recording.BodiesCutOff == 1, SafetyNet), "the early PUT outlived the request that failed");
                Assert.Empty(recording.Requests);
            }
            else
            {
                Assert.Equal(404, (await http.GetAsync($"{storage}/cut-ahead.bin")).Status);
            }

            var offset = OffsetOf(http, url);
            using var resumed = await http.PatchAsync(url, offset, document[(int)offset..]);
            Assert.Equal(HttpStatusCode.Created, resumed.StatusCode);
            if (storage is null)
            {
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)), Assert.Single(recording.Requests).BodySha256);
            }
            else
            {
                Assert.Equal(document, (await http.GetAsync($"{storage}/cut-ahead.bin")).Body);
            }
        }
    }

    [Fact]
    public async Task TerminatingAnUpload_AbortsItsEarlyPut()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin, "ResumableUploads:CommitAheadIdleTimeout=00:10:00");
        using var http = new TusHttp("t");
        var url = $"{proxy.Origin}/storage/alice/terminated.bin";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, 2 * 1024 * 1024, RandomNumberGenerator.GetBytes(1024 * 1024))).StatusCode);
        Assert.True(await Poll.UntilAsync(() => backend.BodyBytesSeen > 0, SafetyNet), "the PUT did not start with the creation's body");

        using var deleted = await http.DeleteAsync(url);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        // Ten minutes before the idle timeout would: only the termination can have aborted it.
        Assert.True(await Poll.UntilAsync(() => backend.BodiesCutOff == 1, SafetyNet), "the early PUT outlived its upload");
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task ARequestOnAnotherInstanceInBetween_EndsTheEarlyPut_AndTheDocumentCommitsWhole()
    {
        await using var backend = await RecordingBackend.StartAsync();
        // Two instances on one staging and state directory, as behind a load balancer with a shared
        // volume; a long idle timeout, so that only the other instance's request can end the PUT.
        var data = Directory.CreateTempSubdirectory("rsrp-two-instances-").FullName;
        await using var a = await ProxyServer.StartInAsync(data, backend.Origin, "ResumableUploads:CommitAheadIdleTimeout=00:10:00");
        await using var b = await ProxyServer.StartInAsync(data, backend.Origin, "ResumableUploads:CommitAheadIdleTimeout=00:10:00");
        using var http = new TusHttp("t");
        var document = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        const string path = "/storage/alice/two-instances.bin";
        const int mib = 1024 * 1024;
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(a.Origin + path, document.Length, document[..mib])).StatusCode);
        Assert.True(await Poll.UntilAsync(() => backend.BodyBytesSeen > 0, SafetyNet), "the PUT did not start with the creation's body");
        using (var onB = await http.PatchAsync(b.Origin + path, mib, document[mib..(2 * mib)]))
        {
            Assert.Equal(HttpStatusCode.NoContent, onB.StatusCode);
        }

        // Back on the first instance, the upload has grown under its parked PUT: that PUT is
        // aborted, not continued, and the completing request commits afresh.
        using var last = await http.PatchAsync(a.Origin + path, 2 * mib, document[(2 * mib)..]);
        Assert.Equal(HttpStatusCode.Created, last.StatusCode);
        Assert.True(await Poll.UntilAsync(() => backend.BodiesCutOff >= 1, SafetyNet), "the first instance continued a PUT the other instance's request had passed by");
        var put = Assert.Single(backend.Requests);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)), put.BodySha256);
    }

    private static long OffsetOf(TusHttp http, string url)
    {
        using var head = http.HeadAsync(url).GetAwaiter().GetResult();
        return TusHttp.Offset(head) ?? -1;
    }

    private static HttpRequestMessage Patch(TusHttp http, string url, long offset, HttpContent body)
    {
        var request = http.Request(HttpMethod.Patch, url);
        request.Headers.TryAddWithoutValidation("Upload-Offset", offset.ToString());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        request.Content = body;
        return request;
    }

    /// <summary>Sends its first <c>split</c> bytes, then waits for <see cref="Open"/> before the rest.</summary>
    private sealed class GatedContent(byte[] data, int split) : HttpContent
    {
        public TaskCompletionSource FirstPartSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(data.AsMemory(0, split));
            await stream.FlushAsync();
            FirstPartSent.SetResult();
            await Open.Task.WaitAsync(SafetyNet);
            await stream.WriteAsync(data.AsMemory(split));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = data.Length;
            return true;
        }
    }

    /// <summary>Declares the whole body, sends <c>cutAfter</c> bytes, then fails: the connection drops mid-body.</summary>
    private sealed class CutContent(byte[] data, int cutAfter) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(data.AsMemory(0, cutAfter));
            await stream.FlushAsync();
            throw new IOException("The client went away.");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = data.Length;
            return true;
        }
    }
}
