using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;

namespace RsResumeProxy.Operations;

/// <summary>
/// AddOperations / MapOperations: metrics, liveness and readiness. The endpoints answer at
/// Operations:HealthPath, ReadyPath and MetricsPath (or not at all when a path is empty). They take
/// precedence over the proxy's catch-all route by their Order, and only for GET and HEAD, so every
/// other request, including a POST to the same path, still reaches the RS server.
/// </summary>
internal static class OperationsServiceCollectionExtensions
{
    /// <summary>Lower than YARP's routes (Order 0 by default): these endpoints win the match.</summary>
    private const int Order = -1000;

    /// <summary>Readiness checks carry this tag; liveness runs none.</summary>
    private const string ReadyTag = "ready";

    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddSingleton<ProxyMetrics>();
        services.AddSingleton<PrometheusTextExporter>();
        services.AddHealthChecks();
        // Registered through the options so that each check gets Operations:ReadyCheckTimeout, and
        // Redis only when it is configured. A check past its timeout is reported as failed.
        services.AddOptions<HealthCheckServiceOptions>()
            .Configure<IOptions<OperationsOptions>, IOptions<RedisOptions>>((health, operations, redis) =>
            {
                var timeout = operations.Value.ReadyCheckTimeout;
                health.Registrations.Add(Check<BackendReachableCheck>("backend", timeout));
                health.Registrations.Add(Check<StagingWritableCheck>("staging", timeout));
                if (redis.Value.IsEnabled)
                {
                    health.Registrations.Add(Check<RedisPingCheck>("redis", timeout));
                }
            });
        return services;
    }

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<OperationsOptions>>().Value;
        if (!string.IsNullOrEmpty(options.HealthPath))
        {
            // Liveness checks nothing, so an orchestrator never restarts the proxy because a dependency is down.
            Own(endpoints.MapHealthChecks(options.HealthPath, new HealthCheckOptions
            {
                Predicate = _ => false,
                ResponseWriter = HealthReportText.WriteLivenessAsync,
            }), "liveness");
        }
        if (!string.IsNullOrEmpty(options.ReadyPath))
        {
            Own(endpoints.MapHealthChecks(options.ReadyPath, new HealthCheckOptions
            {
                Predicate = check => check.Tags.Contains(ReadyTag),
                ResponseWriter = HealthReportText.WriteReadinessAsync,
            }), "readiness");
        }
        if (!string.IsNullOrEmpty(options.MetricsPath))
        {
            // Created now, not at the first scrape: a MeterListener sees only measurements made
            // after it starts, and the uploads before the first scrape must count too.
            endpoints.ServiceProvider.GetRequiredService<PrometheusTextExporter>();
            Own(endpoints.MapMethods(options.MetricsPath, Methods, Metrics), "metrics");
        }
        return endpoints;
    }

    private static HealthCheckRegistration Check<T>(string name, TimeSpan timeout) where T : class, IHealthCheck =>
        new(name, sp => ActivatorUtilities.GetServiceOrCreateInstance<T>(sp), HealthStatus.Unhealthy, [ReadyTag], timeout);

    /// <summary>GET and HEAD only, ahead of the proxy's catch-all route.</summary>
    private static void Own(IEndpointConventionBuilder endpoint, string name) =>
        endpoint.WithMetadata(new HttpMethodMetadata(Methods)).WithOrder(Order).WithDisplayName(name);

    private static IResult Metrics(HttpContext context, PrometheusTextExporter exporter)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Text(exporter.Render(), PrometheusTextExporter.ContentType);
    }
}
