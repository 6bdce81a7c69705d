using Microsoft.AspNetCore.Http;
using Serilog;
using Serilog.AspNetCore;

namespace RsResumeProxy.Hosting;

/// <summary>
/// One structured line per request: method, path, status, bytes, duration, upload id. The path is
/// logged without its query (RS allows ?access_token= on GET) and no header is logged, so a token
/// never reaches a log.
/// </summary>
internal static class RequestLogging
{
    public const string UploadIdItem = "RsResumeProxy.UploadId";

    public static void Configure(RequestLoggingOptions options)
    {
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
