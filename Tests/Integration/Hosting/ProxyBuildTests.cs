using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Hosting;

/// <summary>
/// What a native build (README, "A native build") does differently from the JIT build: it has no
/// reflection over code it did not keep, and no deps.json. So the settings, the validation messages
/// and the Serilog section must work from code generated or kept at build time. Run against the
/// build <see cref="ProxyProcess"/> selects: scripts/test.sh runs them against both.
/// </summary>
[Trait(ProxyProcess.Trait, ProxyProcess.Separate)]
public sealed class ProxyBuildTests : IAsyncLifetime
{
    private RecordingBackend _backend = null!;
    private readonly string _data = Directory.CreateTempSubdirectory("rsrp-build-").FullName;

    public async Task InitializeAsync() => _backend = await RecordingBackend.StartAsync();

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task TheProxyUnderTest_IsTheBuildSelected()
    {
        await using var proxy = await ProxyProcess.StartAsync(_backend.Origin, _data);
        var maps = await File.ReadAllTextAsync($"/proc/{proxy.ProcessId}/maps");
        if (ProxyProcess.IsNative)
        {
            Assert.Contains(ProxyProcess.Command()[0], maps);
            Assert.DoesNotContain("libclrjit.so", maps);
        }
        else
        {
            Assert.Contains("/RsResumeProxy.dll", maps);
        }
    }

    [Fact]
    public async Task TheHealthCheckSwitch_ExitsZeroWhileTheProxyLives_AndOneAfter()
    {
        // The container's HEALTHCHECK: the executable asks a running proxy's liveness endpoint.
        var proxy = await ProxyProcess.StartAsync(_backend.Origin, _data);
        string[] check = [.. ProxyProcess.Command(), "--health-check", "--urls=" + proxy.Origin];
        await using (var alive = await ChildProcess.RunAsync(check, TimeSpan.FromSeconds(60)))
        {
            Assert.Equal(0, alive.ExitCode);
        }
        await proxy.DisposeAsync();
        await using var gone = await ChildProcess.RunAsync(check, TimeSpan.FromSeconds(60));
        Assert.Equal(1, gone.ExitCode);
    }

    [Fact]
    public async Task TheOperationsEndpoints_AnswerWithHealthAndTheUploadMetrics()
    {
        await using var proxy = await ProxyProcess.StartAsync(_backend.Origin, _data);
        using var http = new TusHttp("t");
        using (var created = await http.PostAsync(proxy.Origin + "/storage/alice/measured.bin", 3, new byte[3]))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using var plain = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync(proxy.Origin + "/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync(proxy.Origin + "/readyz")).StatusCode);
        var metrics = await plain.GetStringAsync(proxy.Origin + "/metrics");
        Assert.Matches(@"(?m)^rsrp_uploads_created_total(\{[^}]*\})? 1(\s|$)", metrics);
        Assert.Matches(@"(?m)^rsrp_bytes_received_total(\{[^}]*\})? 3(\s|$)", metrics);
    }

    [Fact]
    public async Task WithTraceExport_TheForwardedRequestContinuesTheClientsTrace()
    {
        // OpenTelemetry's tracing and its OTLP exporter are set up (nothing listens on port 9).
        await using var proxy = await ProxyProcess.StartAsync(_backend.Origin, _data, 0, "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9");
        using var plain = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, proxy.Origin + "/storage/alice/traced.txt");
        request.Headers.TryAddWithoutValidation("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        Assert.Equal(HttpStatusCode.Created, (await plain.SendAsync(request)).StatusCode);

        var forwarded = Assert.Single(_backend.Requests, r => r.Method == "GET").Header("traceparent");
        Assert.NotNull(forwarded);
        Assert.StartsWith("00-0af7651916cd43dd8448eb211c80319c-", forwarded);
        Assert.DoesNotContain("b7ad6b7169203331", forwarded);
    }

    [Fact]
    public async Task AnHttpsBackend_GetsThePassThroughAndTheCommit_OverTls()
    {
        using var certificate = TestCertificates.ForLoopback();
        await using var backend = await RecordingBackend.StartAsync(certificate);
        Assert.StartsWith("https://", backend.Origin);
        // Self-signed, so trusted by the cluster's setting here; a real RS server's certificate
        // is checked against the system's store.
        await using var proxy = await ProxyProcess.StartAsync(backend.Origin, _data, 0,
            "ReverseProxy:Clusters:rs:HttpClient:DangerousAcceptAnyServerCertificate=true");
        using var http = new TusHttp("t");
        var document = RandomNumberGenerator.GetBytes(300_000);

        using (var created = await http.PostAsync(proxy.Origin + "/storage/alice/over-tls.bin", document.Length, document))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        Assert.Equal(201, (await http.GetAsync(proxy.Origin + "/storage/alice/plain.txt")).Status);

        var put = Assert.Single(backend.Requests, r => r.Method == "PUT");
        Assert.Equal("/storage/alice/over-tls.bin", put.RawTarget);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)), put.BodySha256);
        Assert.Single(backend.Requests, r => r.Method == "GET" && r.RawTarget == "/storage/alice/plain.txt");
    }

    [Fact]
    public async Task ListeningOnHttps_WithTheCertificateInSettings_TakesAResumableUpload()
    {
        using var certificate = TestCertificates.ForLoopback();
        var pfx = Path.Combine(_data, "proxy.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "secret"));
        await using var proxy = await ProxyProcess.StartHttpsAsync(_backend.Origin, _data,
            $"Kestrel:Certificates:Default:Path={pfx}", "Kestrel:Certificates:Default:Password=secret");
        Assert.StartsWith("https://", proxy.Origin);
        using var http = new TusHttp("t", certificate);
        var document = RandomNumberGenerator.GetBytes(200_000);
        var url = proxy.Origin + "/storage/alice/edge.bin";

        using (var created = await http.PostAsync(url, document.Length, document[..50_000]))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using (var finished = await http.PatchAsync(url, 50_000, document[50_000..]))
        {
            // The completing PATCH relays the backend's answer to the commit.
            Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
        }

        var put = Assert.Single(_backend.Requests, r => r.Method == "PUT");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)), put.BodySha256);
    }

    [Theory]
    [InlineData("ResumableUploads:BodyIdleTimeout=00:00:00", "ResumableUploads:BodyIdleTimeout must be positive.")]
    [InlineData("ResumableUploads:MaxUploadSize=-1", "ResumableUploads:MaxUploadSize must be 0 (no limit) or positive.")]
    [InlineData("Backend:ConnectTimeout=00:00:00", "Backend:ConnectTimeout")]
    [InlineData("ResumableUploads:StoragePathPrefix=storage", "ResumableUploads:StoragePathPrefix must start with '/'.")]
    [InlineData("ResumableUploads:BodyIdleTimeout=soon", "ResumableUploads:BodyIdleTimeout")]
    public async Task ABadSetting_StopsTheProxy_NamingTheSetting(string setting, string message)
    {
        await using var run = await ProxyProcess.RunToExitAsync(_backend.Origin, _data, setting);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.Output);
        Assert.DoesNotContain("Now listening", run.Output);
    }

    [Fact]
    public async Task TheSerilogSection_AddsASinkWithAFormatter_ByName()
    {
        var logFile = Path.Combine(_data, "proxy.json");
        await using var proxy = await ProxyProcess.StartAsync(_backend.Origin, _data, 0,
            "Serilog:WriteTo:1:Name=File",
            $"Serilog:WriteTo:1:Args:path={logFile}",
            "Serilog:WriteTo:1:Args:formatter=Serilog.Formatting.Compact.RenderedCompactJsonFormatter, Serilog.Formatting.Compact");
        using var http = new TusHttp("t");
        using (var created = await http.PostAsync(proxy.Origin + "/storage/alice/logged.bin", 3, new byte[3]))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // A safety net, not a timing assertion: the file sink writes each event as it comes.
        await Poll.UntilAsync(() => File.Exists(logFile) && ReadShared(logFile).Contains("/storage/alice/logged.bin"), TimeSpan.FromSeconds(20));
        var events = ReadShared(logFile).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        // The rendered message quotes string properties: Now listening on: "http://...".
        var messages = events.Select(e => e.GetProperty("@m").GetString()!).ToList();
        Assert.Contains(messages, m => m.StartsWith("Now listening on: ", StringComparison.Ordinal) && m.Contains(proxy.Origin, StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("POST", StringComparison.Ordinal) && m.Contains("/storage/alice/logged.bin", StringComparison.Ordinal) && m.Contains("201", StringComparison.Ordinal));
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }
}
