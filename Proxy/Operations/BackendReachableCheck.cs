using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;

namespace RsResumeProxy.Operations;

/// <summary>
/// Readiness: every RS destination YARP knows answers HTTP. Any status counts: reachability is the
/// question, and the root of an RS server may well be 404. Asked through the cluster's own client,
/// so the answer reflects the settings the proxy forwards with.
/// </summary>
internal sealed class BackendReachableCheck(IProxyStateLookup proxyState) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probes = proxyState.GetClusters()
            .SelectMany(cluster => cluster.Destinations.Values.Select(d => ProbeAsync(cluster.Model.HttpClient, d.Model.Config.Address, cancellationToken)))
            .ToList();
        if (probes.Count == 0)
        {
            return HealthCheckResult.Unhealthy("no destination configured");
        }
        var failures = (await Task.WhenAll(probes).ConfigureAwait(false)).OfType<string>().ToList();
        return failures.Count == 0
            ? HealthCheckResult.Healthy($"{probes.Count} destination(s) answer")
            : HealthCheckResult.Unhealthy(string.Join("; ", failures));
    }

    /// <returns>Null when the destination answered, else what went wrong.</returns>
    private static async Task<string?> ProbeAsync(HttpMessageInvoker client, string address, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, address);
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (HttpRequestException ex)
        {
            return $"{address}: {ex.Message}";
        }
    }
}
