using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RsResumeProxy.Operations;

/// <summary>The plain-text answers of the liveness and readiness endpoints, as the README shows them.</summary>
internal static class HealthReportText
{
    private const string ContentType = "text/plain; charset=utf-8";

    public static Task WriteLivenessAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = ContentType;
        return context.Response.WriteAsync("ok\n", context.RequestAborted);
    }

    /// <summary>"ready" or "not ready", then one line per check: "backend: FAILED (why)".</summary>
    public static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status == HealthStatus.Healthy ? "ready\n" : "not ready\n");
        foreach (var (name, entry) in report.Entries)
        {
            var detail = entry.Description ?? entry.Exception?.Message ?? "";
            text.Append(name).Append(": ").Append(entry.Status == HealthStatus.Healthy ? "ok" : "FAILED")
                .Append(" (").Append(detail).Append(")\n");
        }
        context.Response.ContentType = ContentType;
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
