using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RsResumeProxy.Tests.Infrastructure;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace RsResumeProxy.Tests.Protocols;

/// <summary>
/// The commit PUT is a request YARP proxied: it goes to the destination load balancing chose, and
/// one that fails in transport counts against that destination in passive health checks.
/// </summary>
public sealed class CommitDestinationTests : IAsyncLifetime
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    private RecordingBackend _first = null!;
    private RecordingBackend _second = null!;
    private TusHttp _http = null!;

    public async Task InitializeAsync()
    {
        _first = await RecordingBackend.StartAsync();
        _second = await RecordingBackend.StartAsync();
        _http = new TusHttp("token");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    /// <summary>The cluster "rs" with both backends as destinations, chosen in turn.</summary>
    private string[] TwoDestinations(params string[] more) =>
    [
        $"ReverseProxy:Clusters:rs:Destinations:rs2:Address={_second.Origin}",
        "ReverseProxy:Clusters:rs:LoadBalancingPolicy=RoundRobin",
        .. more,
    ];

    [Fact]
    public async Task EachCommit_GoesWholeToTheDestinationLoadBalancingChose()
    {
        await using var proxy = await ProxyServer.StartAsync(_first.Origin, TwoDestinations());
        var sent = new Dictionary<string, string>();

        for (var i = 0; i < 6; i++)
        {
            var path = $"/storage/alice/balanced-{i}.bin";
            sent[path] = await UploadCompletelyAsync(proxy, path, 10_000 + i);
        }

        // Round robin alternates between the two: a commit that ignored the choice would always
        // land on the first destination.
        Assert.NotEmpty(_first.Requests);
        Assert.NotEmpty(_second.Requests);
        var commits = _first.Requests.Concat(_second.Requests).ToList();
        Assert.All(commits, c => Assert.Equal("PUT", c.Method));
        foreach (var (path, digest) in sent)
        {
            var commit = Assert.Single(commits, c => c.RawTarget == path);
            Assert.Equal(digest, commit.BodySha256);
        }
        Assert.Equal(sent.Count, commits.Count);
    }

    [Fact]
    public async Task CommitsFailingInTransport_MakeTheirDestinationUnhealthy_ThenCommitsGoToTheHealthyOne()
    {
        // The second backend drops the connection on every commit (its probes still answer 412).
        _second.Responder = (_, context) =>
        {
            context.Abort();
            return Task.CompletedTask;
        };
        await using var proxy = await ProxyServer.StartAsync(_first.Origin, FirstFailureCounts, TwoDestinations(
            "ReverseProxy:Clusters:rs:HealthCheck:Passive:Enabled=true",
            "ReverseProxy:Clusters:rs:HealthCheck:Passive:Policy=TransportFailureRate",
            "ReverseProxy:Clusters:rs:HealthCheck:Passive:ReactivationPeriod=01:00:00"));
        var cluster = proxy.Services.GetRequiredService<IProxyStateLookup>().TryGetCluster("rs", out var found)
            ? found : throw new InvalidOperationException("The cluster rs is not configured.");
        var failing = cluster.Destinations["rs2"];
        Assert.Equal(DestinationHealth.Unknown, failing.Health.Passive);

        // Round robin sends one of the first two commits to the failing destination.
        var uploads = 0;
        for (; uploads < 2; uploads++)
        {
            var body = RandomNumberGenerator.GetBytes(1000);
            await _http.PostAsync(proxy.Origin + $"/storage/alice/before-{uploads}.bin", body.Length, body);
        }
        Assert.NotEmpty(_second.Requests);
        Assert.True(await Poll.UntilAsync(() => failing.Health.Passive == DestinationHealth.Unhealthy, SafetyNet),
            "A commit that failed in transport did not count against its destination.");
        var reachedSecond = _second.Requests.Count;

        var sent = new Dictionary<string, string>();
        for (var i = 0; i < 4; i++)
        {
            var path = $"/storage/alice/after-{i}.bin";
            sent[path] = await UploadCompletelyAsync(proxy, path, 2000 + i);
        }

        Assert.Equal(reachedSecond, _second.Requests.Count);
        foreach (var (path, digest) in sent)
        {
            Assert.Equal(digest, Assert.Single(_first.Requests, c => c.RawTarget == path).BodySha256);
        }
    }

    /// <summary>One upload, created with its whole body so it commits at once; returns the body's digest.</summary>
    private async Task<string> UploadCompletelyAsync(ProxyServer proxy, string path, int size)
    {
        var body = RandomNumberGenerator.GetBytes(size);
        var response = await _http.PostAsync(proxy.Origin + path, body.Length, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Convert.ToHexStringLower(SHA256.HashData(body));
    }

    /// <summary>YARP waits for 10 proxied requests before it judges a destination; here one
    /// failed commit out of one is enough, so the test needs no long run of uploads.</summary>
    private static void FirstFailureCounts(WebApplicationBuilder builder) =>
        builder.Services.Configure<TransportFailureRateHealthPolicyOptions>(o =>
        {
            o.MinimalTotalCountThreshold = 1;
            o.DefaultFailureRateLimit = 0.3;
        });
}
