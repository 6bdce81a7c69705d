using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;

namespace RsResumeProxy.Operations;

/// <summary>
/// Maps /healthz, /readyz and /metrics (or wherever Operations moves them) as endpoints of their own.
/// They take precedence over the proxy's catch-all route by their Order, and only for GET and HEAD,
/// so every other request, including a POST to the same path, still reaches the RS server.
/// </summary>
public static class OperationsEndpoints
{
    /// <summary>Lower than YARP's routes (Order 0 by default): these endpoints win the match.</summary>
    private const int Order = -1000;

    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<OperationsOptions>>().Value;
        if (!string.IsNullOrEmpty(options.HealthPath))
        {
            endpoints.MapMethods(options.HealthPath, Methods, Health).WithOrder(Order).WithDisplayName("liveness");
        }
        if (!string.IsNullOrEmpty(options.ReadyPath))
        {
            endpoints.MapMethods(options.ReadyPath, Methods, ReadyAsync).WithOrder(Order).WithDisplayName("readiness");
        }
        if (!string.IsNullOrEmpty(options.MetricsPath))
        {
            // Created now, not at the first scrape: a MeterListener sees only measurements made
            // after it starts, and the uploads before the first scrape must count too.
            endpoints.ServiceProvider.GetRequiredService<PrometheusTextExporter>();
            endpoints.MapMethods(options.MetricsPath, Methods, Metrics).WithOrder(Order).WithDisplayName("metrics");
        }
        return endpoints;
    }

    private static IResult Health(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Text("ok\n", "text/plain; charset=utf-8");
    }

    private static async Task ReadyAsync(HttpContext context, ReadinessProbe probe)
    {
        var checks = await probe.CheckAsync(context.RequestAborted).ConfigureAwait(false);
        var ready = checks.All(c => c.Ready);
        var text = new StringBuilder(ready ? "ready\n" : "not ready\n");
        foreach (var check in checks)
        {
            text.Append(check.Name).Append(": ").Append(check.Ready ? "ok" : "FAILED").Append(" (").Append(check.Detail).Append(")\n");
        }
        context.Response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text.ToString(), context.RequestAborted).ConfigureAwait(false);
    }

    private static IResult Metrics(HttpContext context, PrometheusTextExporter exporter)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Text(exporter.Render(), PrometheusTextExporter.ContentType);
    }
}
