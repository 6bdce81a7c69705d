using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Clients;

/// <summary>
/// clients/remotestorage-resumable with remotestorage.js 2.0.0-beta.10, as an app uses it
/// (Tests/Integration/node/resumable-scenarios.js), against a real armadietto behind the proxy run as its own
/// process, so it can be killed -9 in the middle of an upload and restarted. The client reaches
/// the proxy through a loopback relay (Tests/Integration/node/tcp-relay.mjs) that slows its upload, so the
/// kill lands inside the body. Each runtime (node, Chromium) is a subclass.
/// </summary>
[Trait(ProxyProcess.Trait, ProxyProcess.Separate)]
public abstract class ResumableAddOnTests(ArmadiettoFixture fixture) : IAsyncLifetime
{
    private const int LargeFile = 40 * 1024 * 1024;
    // With caching on, remotestorage.js compares the pushed body with the cached one after the
    // push (util.equal, key by key): 2.3 s for 1 MiB, 26 s for 8 MiB, about 5 min for 40 MiB on the
    // 2-core development machine, the thread blocked throughout. 10 MiB keeps that near 30 s.
    private const int CachedFile = 10 * 1024 * 1024;
    // Above the add-on's 1 MiB default threshold, small enough to keep these runs short.
    private const int MediumFile = 3 * 1024 * 1024;
    // Only stops a hang (browser start-up, a wedged client); never a timing assertion.
    private static readonly TimeSpan SafetyNet = TimeSpan.FromMinutes(3);

    private readonly string _data = Directory.CreateTempSubdirectory("rsrp-addon-").FullName;
    private readonly string _folder = ProxiedBackendFixture.UniqueFolder("addon");
    private readonly string _file = Path.Combine(Directory.CreateTempSubdirectory("rsrp-addon-file-").FullName, "upload.bin");
    private ProxyProcess _proxy = null!;
    private TusHttp _http = null!;

    private ArmadiettoServer Backend => fixture.Server;

    protected abstract string Script { get; }

    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        AddOnPackage.AssertInstalled();
        _proxy = await ProxyProcess.StartAsync(Backend.Origin, _data);
        _http = new TusHttp(Backend.Token);
        await WarmUpAsync();
    }

    /// <summary>One WebFinger lookup, so the client's discovery does not meet a cold proxy.</summary>
    private async Task WarmUpAsync() =>
        (await _http.Client.GetAsync($"{_proxy.Origin}/.well-known/webfinger?resource=acct:{Backend.User}@127.0.0.1:{_proxy.Port}")).Dispose();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _proxy.DisposeAsync();
        Directory.Delete(_data, recursive: true);
        Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
    }

    private string Document(string name) => $"/uploads/{_folder}/{name}";

    private string ProxyUpstream => $"127.0.0.1:{_proxy.Port}";

    private string BackendUpstream => new Uri(Backend.Origin).Authority;

    private async Task<byte[]> WriteFileAsync(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        await File.WriteAllBytesAsync(_file, bytes);
        return bytes;
    }

    private Task<NodeResult> StartAsync(string scenario, string document, string upstream, IDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>(Settings)
        {
            ["SCENARIO"] = scenario,
            ["UPSTREAM"] = upstream,
            ["RS_USER"] = Backend.User,
            ["RS_TOKEN"] = Backend.Token,
            ["UPLOAD_FILE"] = _file,
            ["DOCUMENT_PATH"] = document,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }
        return NodeScript.RunAsync(Script, env);
    }

    private static JsonNode Result(NodeResult run)
    {
        Assert.True(run.ExitCode == 0, $"exited {run.ExitCode}\n{run.StdErr}\n{run.StdOut}");
        return JsonNode.Parse(run.StdOut.Trim().Split('\n')[^1])!;
    }

    private Task<JsonNode> RunAsync(string scenario, string document, string upstream, IDictionary<string, string>? extra = null) =>
        StartAsync(scenario, document, upstream, extra).ContinueWith(t => Result(t.Result), TaskScheduler.Default);

    /// <summary>Runs <paramref name="scenario"/> with the client's upload slowed to a fifth of the
    /// file per second (8 MiB/s for 40 MiB), kills the proxy (-9) once it has staged a fifth of the
    /// file, a second before the body would end, then restarts it on the same port and data.</summary>
    private async Task<(JsonNode Result, long StagedAtKill)> RunWithProxyKilledAsync(string scenario, string document, int size)
    {
        var killAfter = size / 5;
        var run = StartAsync(scenario, document, ProxyUpstream, new Dictionary<string, string> { ["THROTTLE"] = (size / 5).ToString() });
        var staging = Path.Combine(_data, "staging");
        await Poll.UntilAsync(() => run.IsCompleted || StagedFiles.LargestLength(staging) >= killAfter, SafetyNet);
        Assert.False(run.IsCompleted, $"the client ended before the proxy was killed:\n{(run.IsCompleted ? run.Result.StdOut + run.Result.StdErr : "")}");
        var stagedAtKill = StagedFiles.LargestLength(staging);
        Assert.True(stagedAtKill >= killAfter, $"the proxy staged only {stagedAtKill} bytes in {SafetyNet}");

        _proxy.Kill();
        // Killed before the commit: the backend has no document yet.
        Assert.Equal(404, (await _http.GetAsync(Backend.StorageRoot + document)).Status);
        _proxy = await _proxy.RestartAsync();

        return (Result(await run), stagedAtKill);
    }

    /// <summary>armadietto holds exactly <paramref name="bytes"/>, with the revision the app was given.</summary>
    private async Task AssertStoredAsync(string document, byte[] bytes, string revision)
    {
        var stored = await _http.GetAsync(Backend.StorageRoot + document);
        Assert.Equal(200, stored.Status);
        Assert.True(bytes.AsSpan().SequenceEqual(stored.Body), $"armadietto holds {stored.Body.Length} bytes that differ from the {bytes.Length} stored");
        Assert.Equal($"\"{revision}\"", stored.Response.Headers.ETag!.ToString());
        Assert.Equal("application/octet-stream", stored.Response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The upload went on from what the proxy held after its restart, not from zero, and
    /// the app saw progress for the document's storage-relative path up to the whole size.</summary>
    private static void AssertResumed(JsonNode result, string document, long stagedAtKill, int size)
    {
        var report = result.ToJsonString();
        var resumes = result["seen"]!["resumes"]!.AsArray();
        Assert.True(resumes.Count > 0, $"no resume from the proxy's offset: {report}");
        var offset = resumes[^1]!["offset"]!.GetValue<long>();
        Assert.InRange(offset, stagedAtKill, size - 1);
        Assert.Equal(document, resumes[^1]!["path"]!.GetValue<string>());
        // What crossed the relay: the body once plus what was in flight at the kill, not twice.
        Assert.InRange(result["relay"]!["bytesUp"]!.GetValue<long>(), size, 2L * size - stagedAtKill);

        Assert.Equal([document], result["seen"]!["progressPaths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.True(result["seen"]!["progressCount"]!.GetValue<int>() >= 2, report);
        Assert.Equal(size, result["seen"]!["lastProgress"]!["sent"]!.GetValue<long>());
        Assert.Equal(size, result["seen"]!["lastProgress"]!["total"]!.GetValue<long>());
        Assert.Empty(result["seen"]!["errors"]!.AsArray());
    }

    private IReadOnlyList<string> ProxyRequests(string document) =>
        ProxyRequestLog.For(_proxy.Log, $"/storage/{Backend.User}{document}");

    [Fact]
    public async Task StoreFile_ProxyKilledMidUpload_ResumesFromTheProxysOffset_AndTheBackendHoldsEveryByte()
    {
        var bytes = await WriteFileAsync(LargeFile);
        var document = Document("film.bin");

        var (result, stagedAtKill) = await RunWithProxyKilledAsync("store", document, LargeFile);

        Assert.Equal("tus", result["support"]!["protocol"]!.GetValue<string>());
        Assert.True(result["stored"]!["ok"]!.GetValue<bool>(), result.ToJsonString());
        await AssertStoredAsync(document, bytes, result["stored"]!["value"]!.GetValue<string>());
        AssertResumed(result, document, stagedAtKill, LargeFile);
        // The restarted proxy finished the upload it found on disk.
        Assert.Contains(ProxyRequests(document), r => r.StartsWith("PATCH 20", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncPushWithCaching_ProxyKilledMidUpload_Resumes_AndTheCacheRecordsTheStoredRevision()
    {
        var bytes = await WriteFileAsync(CachedFile);
        var document = Document("cached.bin");

        var (result, stagedAtKill) = await RunWithProxyKilledAsync("sync", document, CachedFile);

        Assert.True(result["stored"]!["ok"]!.GetValue<bool>(), result.ToJsonString());
        var cached = result["cached"]!;
        await AssertStoredAsync(document, bytes, cached["revision"]!.GetValue<string>());
        Assert.Equal("application/octet-stream", cached["contentType"]!.GetValue<string>());
        Assert.Equal(CachedFile, cached["bodyLength"]!.GetValue<long>());
        AssertResumed(result, document, stagedAtKill, CachedFile);
    }

    /// <summary>An upload stopped a quarter of the way (abortResumableUploads, as a closed or
    /// reloaded page leaves it), then the same document stored again by a new RemoteStorage: in
    /// Chromium after a page reload, found through the fingerprint the add-on kept in localStorage.</summary>
    [Fact]
    public async Task StoppedUpload_StoringTheSameDocumentAgain_ResumesFromTheProxysOffset()
    {
        var bytes = await WriteFileAsync(CachedFile);
        var document = Document("again.bin");

        var result = await RunAsync("interrupted,store", document, ProxyUpstream,
            new Dictionary<string, string> { ["THROTTLE"] = (CachedFile / 4).ToString() });
        var (stopped, again) = (result["runs"]![0]!, result["runs"]![1]!);

        Assert.Equal("aborted", stopped["stored"]!["code"]!.GetValue<string>());
        Assert.Contains("storing /uploads/", stopped["stored"]!["error"]!.GetValue<string>());
        Assert.True(again["stored"]!["ok"]!.GetValue<bool>(), result.ToJsonString());
        await AssertStoredAsync(document, bytes, again["stored"]!["value"]!.GetValue<string>());
        var resume = Assert.Single(again["seen"]!["resumes"]!.AsArray())!;
        // What the proxy held: less than the quarter the client had handed to the network.
        Assert.InRange(resume["offset"]!.GetValue<long>(), 1, CachedFile - 1);
        // One upload, created once and finished by the second page.
        Assert.Single(ProxyRequests(document), r => r.StartsWith("POST ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StorageWithoutTheProperty_KeepsThePlainPut()
    {
        var bytes = await WriteFileAsync(MediumFile);
        var document = Document("plain.bin");

        // armadietto itself: its WebFinger announces no resumable uploads, and it speaks no tus,
        // so only a plain PUT can store the document.
        var result = await RunAsync("store", document, BackendUpstream);

        Assert.True(result["support"]!["protocol"] is null, result.ToJsonString());
        Assert.True(result["stored"]!["ok"]!.GetValue<bool>(), result.ToJsonString());
        await AssertStoredAsync(document, bytes, result["stored"]!["value"]!.GetValue<string>());
        Assert.Empty(result["seen"]!["progress"]!.AsArray());
        Assert.Empty(result["seen"]!["resumes"]!.AsArray());
    }

    [Fact]
    public async Task Conditionals_ReachTheAppAs412_SmallBodiesAndDisabledUploads_StayPlainPuts()
    {
        var bytes = await WriteFileAsync(MediumFile);
        var folder = Document("");

        var result = await RunAsync("checks", Document("any.bin"), ProxyUpstream);
        var report = result.ToJsonString();

        // A small note: one plain PUT, no progress events.
        Assert.True(result["small"]!["ok"]!.GetValue<bool>(), report);
        Assert.Equal(["PUT 201"], ProxyRequests(folder + "small.txt"));
        Assert.Equal(0, result["progressAfterSmall"]!.GetValue<int>());

        // The first large write went through tus; the two conditional ones too, and the storage's
        // 412 came back to the app as the put's status, as from a PUT.
        Assert.True(result["first"]!["ok"]!.GetValue<bool>(), report);
        Assert.Equal(412, result["ifNoneMatch"]!["statusCode"]!.GetValue<int>());
        Assert.Equal(412, result["ifMatch"]!["statusCode"]!.GetValue<int>());
        var existing = ProxyRequests(folder + "existing.bin");
        Assert.Equal(3, existing.Count(r => r.StartsWith("POST 201", StringComparison.Ordinal)));
        Assert.Equal(2, existing.Count(r => r == "PATCH 412"));
        Assert.DoesNotContain(existing, r => r.StartsWith("PUT ", StringComparison.Ordinal));
        // armadietto still holds the first version, and the refused uploads were discarded.
        await AssertStoredAsync(folder + "existing.bin", bytes, result["first"]!["value"]!.GetValue<string>());
        Assert.Equal(2, existing.Count(r => r == "DELETE 204"));

        // Switched off: the next large write is a plain PUT at once.
        Assert.True(result["disabled"]!["ok"]!.GetValue<bool>(), report);
        Assert.Equal(["PUT 201"], ProxyRequests(folder + "disabled.bin"));
        Assert.Equal(0, result["progressWhileDisabled"]!.GetValue<int>());
    }

    [Fact]
    public async Task RefusedToken_FailsWithAClearError_BeforeAnyByteIsSent()
    {
        await WriteFileAsync(MediumFile);
        var document = Document("refused.bin");

        var result = await RunAsync("token", document, ProxyUpstream);
        var report = result.ToJsonString();

        // As from a PUT: storeFile fails with the status, and remotestorage.js emits Unauthorized.
        Assert.False(result["stored"]!["ok"]!.GetValue<bool>(), report);
        Assert.Contains("403", result["stored"]!["error"]!.GetValue<string>());
        Assert.Equal(1, result["events"]!["unauthorized"]!.GetValue<int>());
        // And the add-on says what happened.
        var error = Assert.Single(result["seen"]!["errors"]!.AsArray())!;
        Assert.Equal("token-refused", error["code"]!.GetValue<string>());
        Assert.Contains("refused the token", error["message"]!.GetValue<string>());
        // One HEAD found it out; nothing was staged.
        Assert.Equal(["HEAD 403"], ProxyRequests(document));
        Assert.Equal(0, StagedFiles.LargestLength(Path.Combine(_data, "staging")));
    }

    [Fact]
    public async Task ProxyGone_StoreFileFailsWithAClearError()
    {
        await WriteFileAsync(MediumFile);
        var document = Document("gone.bin");

        // The relay vanishes after half the body; two quick retries find nobody listening.
        var result = await RunAsync("gone", document, ProxyUpstream, new Dictionary<string, string>
        {
            ["GONE_AFTER_BYTES"] = (MediumFile / 2).ToString(),
            ["RETRY_DELAYS"] = JsonSerializer.Serialize(new[] { 0, 200 }),
        });
        var report = result.ToJsonString();

        Assert.True(result["relay"]!["gone"]!.GetValue<bool>(), report);
        Assert.False(result["stored"]!["ok"]!.GetValue<bool>(), report);
        Assert.Equal("unreachable", result["stored"]!["code"]!.GetValue<string>());
        Assert.Contains("No answer from", result["stored"]!["error"]!.GetValue<string>());
        Assert.Equal("unreachable", Assert.Single(result["seen"]!["errors"]!.AsArray())!["code"]!.GetValue<string>());
        Assert.Equal(404, (await _http.GetAsync(Backend.StorageRoot + document)).Status);
    }
}
