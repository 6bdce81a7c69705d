using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
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

    /// <summary>
    /// Tag combinations kept per instrument. The SDK's default, 2,000, preallocates a point for each
    /// of them per instrument, about 1.8 MB for the proxy's nine; the most any of them has is two
    /// (rsrp_uploads_failed's reason).
    /// </summary>
    private const int CardinalityLimit = 16;

    private const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>Whether traces leave the process: an OTLP endpoint is set. Without one no span is
    /// recorded, so nothing needs a per-request activity either (<see cref="Hosting.RequestLogging"/>).</summary>
    public static bool ExportsTraces(IConfiguration configuration) => configuration[OtlpEndpointSetting] is { Length: > 0 };

    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ProxyMetrics>();
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(ProxyMetrics.MeterName)
                .AddPrometheusExporter(prometheus =>
                {
                    // Scrapes see the counts of the moment; a Prometheus server scrapes every 15 s or so.
                    prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                    prometheus.ScopeInfoEnabled = false;
                }));
        // Several proxies in one process (tests, an embedding host) each create a meter of this
        // name; each provider takes only its own host's, the one its IMeterFactory made.
        services.ConfigureOpenTelemetryMeterProvider((sp, builder) =>
        {
            var factory = sp.GetRequiredService<IMeterFactory>();
            builder.AddView(instrument => ReferenceEquals(instrument.Meter.Scope, factory)
                ? new MetricStreamConfiguration { CardinalityLimit = CardinalityLimit }
                : MetricStreamConfiguration.Drop);
        });
        // OTLP follows the standard settings (OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS,
        // OTEL_SERVICE_NAME, ...) and is off unless an endpoint is set. Spans are recorded only then.
        if (ExportsTraces(configuration))
        {
            var endpoint = configuration[OtlpEndpointSetting];
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out _))
            {
                throw new OptionsValidationException(OtlpEndpointSetting, typeof(Uri),
                    [$"{OtlpEndpointSetting} must be an absolute URL such as http://collector:4317, not '{endpoint}'."]);
            }
            AddOtlpExport(telemetry);
        }
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
            Own(endpoints.MapPrometheusScrapingEndpoint(options.MetricsPath), "metrics");
        }
        return endpoints;
    }

    /// <summary>Apart, and never inlined, so that the OTLP exporter's assembly is loaded only when an endpoint is set.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOtlpExport(OpenTelemetryBuilder telemetry) =>
        telemetry.WithTracing(tracing => tracing.AddSource(UploadActivities.SourceName)).UseOtlpExporter();

    // The constructor is kept for the activator when the build is trimmed (native AOT).
    private static HealthCheckRegistration Check<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(string name, TimeSpan timeout)
        where T : class, IHealthCheck =>
        new(name, sp => ActivatorUtilities.GetServiceOrCreateInstance<T>(sp), HealthStatus.Unhealthy, [ReadyTag], timeout);

    /// <summary>GET and HEAD only, ahead of the proxy's catch-all route.</summary>
    private static void Own(IEndpointConventionBuilder endpoint, string name) =>
        endpoint.WithMetadata(new HttpMethodMetadata(Methods)).WithOrder(Order).WithDisplayName(name);
}
