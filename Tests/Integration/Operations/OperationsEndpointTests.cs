using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Operations;
using RsResumeProxy.Tests.Infrastructure;
using RsResumeProxy.Tests.ScaleOut;

namespace RsResumeProxy.Tests.Operations;

/// <summary>
/// /healthz, /readyz and /metrics against a real armadietto: answered by the proxy itself, never
/// shadowing an RS path, movable and removable by configuration.
/// </summary>
public sealed class OperationsEndpointTests : IAsyncLifetime
{
    private ArmadiettoServer _armadietto = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _armadietto = await ArmadiettoServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _armadietto.DisposeAsync();
    }

    [Fact]
    public async Task Healthz_IsAnsweredByTheProxy_NotForwarded()
    {
        await using var proxy = await ProxyServer.StartAsync(_armadietto.Origin);
        using var direct = await _http.GetAsync(_armadietto.Origin + "/healthz");
        Assert.NotEqual(HttpStatusCode.OK, direct.StatusCode); // armadietto has no such page

        using var health = await _http.GetAsync(proxy.Origin + "/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok\n", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_IsReady_WhenBackendAndStagingAreUsable()
    {
        await using var proxy = await ProxyServer.StartAsync(_armadietto.Origin);
        var (status, text) = await ReadyzAsync(proxy.Origin);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("backend: ok", text);
        Assert.Contains("staging: ok", text);
        Assert.DoesNotContain("redis", text);
    }

    [Fact]
    public async Task Readyz_Returns503NamingTheFailure_WhenRedisOrTheBackendIsDown()
    {
        var redis = await RedisServer.StartAsync();
        await using var _ = redis;
        await using var proxy = await ProxyServer.StartAsync(_armadietto.Origin, $"Redis:Configuration={redis.Configuration}");
        using (var ready = await _http.GetAsync(proxy.Origin + "/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains("redis: ok", await ready.Content.ReadAsStringAsync());
        }

        await redis.StopAsync(saveSnapshot: false);
        using (var notReady = await _http.GetAsync(proxy.Origin + "/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("redis: FAILED", await notReady.Content.ReadAsStringAsync());
        }

        await _armadietto.StopAsync();
        using var backendDown = await _http.GetAsync(proxy.Origin + "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, backendDown.StatusCode);
        Assert.Contains("backend: FAILED", await backendDown.Content.ReadAsStringAsync());
        // Liveness does not depend on anything.
        using var health = await _http.GetAsync(proxy.Origin + "/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Readyz_NamesTheBackendAsFailed_WhenItHangsPastTheReadyCheckTimeout()
    {
        await using var backend = await RecordingBackend.StartAsync();
        backend.Responder = (_, context) => Task.Delay(Timeout.Infinite, context.RequestAborted);
        await using var proxy = await ProxyServer.StartAsync(backend.Origin, "Operations:ReadyCheckTimeout=00:00:00.500");
        var (status, text) = await ReadyzAsync(proxy.Origin);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("not ready\n", text);
        Assert.Contains("backend: FAILED", text);
        Assert.Contains("staging: ok", text);
    }

    [Fact]
    public async Task HealthCheckCommand_ExitsZeroWhileTheProxyLives_AndOneAfter()
    {
        var proxy = await ProxyServer.StartAsync(_armadietto.Origin);
        string[] args = [HealthCheckCommand.Switch, "--urls=" + proxy.Origin];
        Assert.Equal(0, await HealthCheckCommand.RunAsync(args));
        await proxy.DisposeAsync();
        Assert.Equal(1, await HealthCheckCommand.RunAsync(args));
    }

    [Fact]
    public async Task Metrics_CountAnUploadFromCreationToCommit()
    {
        await using var proxy = await ProxyServer.StartAsync(_armadietto.Origin);
        using var tus = new TusClient(proxy.Origin, _armadietto.Token);
        var data = RandomNumberGenerator.GetBytes(100_000);
        var path = $"/storage/{_armadietto.User}/docs/metrics.bin";
        using (var created = await tus.CreateAsync(path, data.Length, data[..40_000]))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var during = await ScrapeAsync(proxy.Origin);
        Assert.Equal(1, during["rsrp_uploads_active"]);
        Assert.Equal(40_000, during["rsrp_staged_bytes"]);

        using (var finished = await tus.PatchAsync(path, 40_000, data[40_000..]))
        {
            Assert.True(finished.IsSuccessStatusCode);
        }
        var after = await ScrapeAsync(proxy.Origin);
        Assert.Equal(1, after["rsrp_uploads_created_total"]);
        Assert.Equal(1, after["rsrp_uploads_completed_total"]);
        Assert.Equal(100_000, after["rsrp_bytes_received_total"]);
        Assert.Equal(100_000, after["rsrp_bytes_committed_total"]);
        Assert.Equal(1, after["rsrp_commit_duration_seconds_count"]);
        Assert.Equal(0, after["rsrp_uploads_active"]);
        Assert.Equal(0, after["rsrp_staged_bytes"]);
    }

    [Fact]
    public async Task EndpointsCanMove_AndAnEmptyPathPassesThroughToTheServer()
    {
        await using var proxy = await ProxyServer.StartAsync(_armadietto.Origin,
            "Operations:HealthPath=/ops/live", "Operations:MetricsPath=", "Operations:ReadyPath=");
        using var moved = await _http.GetAsync(proxy.Origin + "/ops/live");
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        // Off: the proxy forwards the path, and answers exactly what armadietto answers.
        using var direct = await _http.GetAsync(_armadietto.Origin + "/metrics");
        using var proxied = await _http.GetAsync(proxy.Origin + "/metrics");
        Assert.Equal(direct.StatusCode, proxied.StatusCode);
        Assert.DoesNotContain("rsrp_", await proxied.Content.ReadAsStringAsync());
        using var healthz = await _http.GetAsync(proxy.Origin + "/healthz");
        Assert.NotEqual(HttpStatusCode.OK, healthz.StatusCode);
    }

    [Fact]
    public async Task OtherMethodsOnTheSamePath_StillReachTheServer()
    {
        await using var proxy = await ProxyServer.StartAsync(_armadietto.Origin);
        using var direct = await _http.PostAsync(_armadietto.Origin + "/healthz", new StringContent("x"));
        using var proxied = await _http.PostAsync(proxy.Origin + "/healthz", new StringContent("x"));
        Assert.Equal(direct.StatusCode, proxied.StatusCode);
    }

    [Fact]
    public async Task AnEndpointUnderTheStoragePrefix_IsRefusedAtStartUp()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            ProxyServer.StartAsync(_armadietto.Origin, "Operations:MetricsPath=/storage/metrics"));
        Assert.Contains("shadow", error.Message);
    }

    private async Task<(HttpStatusCode Status, string Text)> ReadyzAsync(string origin)
    {
        using var ready = await _http.GetAsync(origin + "/readyz");
        return (ready.StatusCode, await ready.Content.ReadAsStringAsync());
    }

    private async Task<Dictionary<string, double>> ScrapeAsync(string origin)
    {
        using var response = await _http.GetAsync(origin + "/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        var values = new Dictionary<string, double>();
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            // "name{labels} value"; a series without labels is keyed by its bare name.
            var space = line.LastIndexOf(' ');
            values[line[..space].Replace("{}", "")] = double.Parse(line[(space + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        }
        return values;
    }
}
