using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using RsResumeProxy.Operations;
using Serilog;
using Serilog.AspNetCore;
using Serilog.Events;

namespace RsResumeProxy.Hosting;

/// <summary>
/// One structured line per request: method, path, status, bytes, duration, upload id. The path is
/// logged without its query (RS allows ?access_token= on GET) and no header is logged, so a token
/// never reaches a log.
/// </summary>
internal static class RequestLogging
{
    public const string UploadIdItem = "RsResumeProxy.UploadId";

    /// <summary>ASP.NET Core's per-request logger ("Request starting ...", "Request finished ...").</summary>
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// ASP.NET Core starts an Activity and a logging scope for every request as soon as its
    /// hosting-diagnostics logger is enabled at any level, and the "Microsoft" override at Warning
    /// leaves it enabled. Unless traces are exported nothing records that activity, yet every
    /// request paid for it (about 2.5 KB allocated and 0.05 ms of a small proxied GET on the
    /// development machine), and the backend client stamped the activity's traceparent on every
    /// forwarded request, replacing the one the client sent. So the category is off unless OTLP
    /// export is on; then the activity carries the caller's trace into the proxy's spans and on to
    /// the backend, as before. Lost with it: its per-request lines (Information, never shown at
    /// these levels) and two start-up notices, the URLS-over-HTTP_PORTS warning and a failure to
    /// build the pipeline, which the host logs as well ("Hosting failed to start"). It goes in
    /// before the configuration is read, so an override of the category there still wins.
    /// </summary>
    public static LoggerConfiguration QuietHostingDiagnostics(this LoggerConfiguration logger, IConfiguration configuration) =>
        OperationsServiceCollectionExtensions.ExportsTraces(configuration)
            ? logger
            : logger.MinimumLevel.Override(HostingDiagnosticsCategory, LevelAlias.Off);

    public static void Configure(RequestLoggingOptions options, Serilog.ILogger logger)
    {
        // Without a logger of its own the middleware derives one from the static Log.Logger on
        // every request (ForContext: a new logger and enricher per request, and the wrong host's
        // logger when several run in one process).
        options.Logger = logger;
        options.MessageTemplate =
            "{RequestMethod} {RequestPath} {StatusCode} in {Elapsed:0.0} ms, {BytesIn} bytes in, {BytesOut} bytes out, upload {UploadId}";
        options.EnrichDiagnosticContext = Enrich;
    }

    private static void Enrich(IDiagnosticContext diagnostics, HttpContext context)
    {
        diagnostics.Set("UploadId", context.Items.TryGetValue(UploadIdItem, out var id) ? id : "-");
        diagnostics.Set("BytesIn", context.Request.ContentLength ?? 0);
        diagnostics.Set("BytesOut", context.Response.ContentLength ?? 0);
    }
}
