using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace RsResumeProxy.Operations;

/// <summary>
/// Readiness, only when Redis is configured: the proxy's own multiplexer answers PING. Ours rather
/// than AspNetCore.HealthChecks.Redis, which would bring a second connection setup for one PING.
/// </summary>
internal sealed class RedisPingCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PING in {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
