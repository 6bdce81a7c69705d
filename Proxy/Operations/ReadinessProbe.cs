using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Staging.Files;
using StackExchange.Redis;
using Yarp.ReverseProxy;

namespace RsResumeProxy.Operations;

/// <summary>
/// Whether this instance can serve uploads now: every RS destination answers HTTP (any status:
/// reachability is the question, and the root of an RS server may well be 404), the staging
/// store takes a write (a probe file, or a probe object in the bucket), and Redis, when configured, answers PING. Each check is bounded by
/// Operations:ReadyCheckTimeout so a hung dependency makes the answer "not ready", not a hang.
/// </summary>
public sealed class ReadinessProbe(
    IProxyStateLookup proxyState,
    IStagingStore staging,
    IServiceProvider services,
    IOptions<RedisOptions> redis,
    IOptions<OperationsOptions> options)
{
    public async Task<IReadOnlyList<ReadinessCheck>> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = new List<Task<ReadinessCheck>> { CheckStagingAsync(cancellationToken), CheckBackendAsync(cancellationToken) };
        if (redis.Value.IsEnabled)
        {
            checks.Add(CheckRedisAsync(cancellationToken));
        }
        return await Task.WhenAll(checks).ConfigureAwait(false);
    }

    private async Task<ReadinessCheck> CheckStagingAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ReadyCheckTimeout);
        try
        {
            // Off the request's thread: the disk store's probe is synchronous file I/O.
            var problem = await Task.Run(() => staging.CheckWritableAsync(timeout.Token).AsTask(), timeout.Token).ConfigureAwait(false);
            return problem is null ? new ReadinessCheck("staging", true, staging.VolumeId) : new ReadinessCheck("staging", false, problem);
        }
        catch (OperationCanceledException)
        {
            return new ReadinessCheck("staging", false, $"{staging.VolumeId}: no answer in time");
        }
    }

    private async Task<ReadinessCheck> CheckBackendAsync(CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var reached = 0;
        foreach (var cluster in proxyState.GetClusters())
        {
            var client = cluster.Model.HttpClient;
            foreach (var destination in cluster.Destinations.Values)
            {
                var address = destination.Model.Config.Address;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Value.ReadyCheckTimeout);
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Head, address);
                    using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
                    reached++;
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                {
                    failures.Add($"{address}: {(ex is OperationCanceledException ? "no answer in time" : ex.Message)}");
                }
            }
        }
        return failures.Count == 0 && reached > 0
            ? new ReadinessCheck("backend", true, $"{reached} destination(s) answer")
            : new ReadinessCheck("backend", false, failures.Count == 0 ? "no destination configured" : string.Join("; ", failures));
    }

    private async Task<ReadinessCheck> CheckRedisAsync(CancellationToken cancellationToken)
    {
        try
        {
            var multiplexer = services.GetRequiredService<IConnectionMultiplexer>();
            var latency = await multiplexer.GetDatabase().PingAsync()
                .WaitAsync(options.Value.ReadyCheckTimeout, cancellationToken).ConfigureAwait(false);
            return new ReadinessCheck("redis", true, $"PING in {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new ReadinessCheck("redis", false, ex.Message);
        }
    }
}
