using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RsResumeProxy.Hosting;

namespace RsResumeProxy.Tests.Hosting;

/// <summary>
/// Each proxy logs through its own logger, also when several run in one process (tests, an
/// embedding host). With the static Serilog logger behind every host's logger factory, the host
/// built last decided what every other one logged, and whether ASP.NET Core started a request
/// activity in it: a proxy exporting traces stopped continuing its callers' traces as soon as a
/// proxy without export was built beside it.
/// </summary>
public sealed class LoggerPerHostTests
{
    [Fact]
    public async Task AProxyBuiltLater_DoesNotChangeWhatAnEarlierOneLogs()
    {
        var state = Directory.CreateTempSubdirectory("rsrp-loggers-").FullName;
        try
        {
            await using var tracing = Build(state, "tracing", "--OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9");
            var tracingLoggers = tracing.Services.GetRequiredService<ILoggerFactory>();
            await using var quiet = Build(state, "quiet");
            var quietLoggers = quiet.Services.GetRequiredService<ILoggerFactory>();

            // As ASP.NET Core does when a host starts: it asks its factory for the hosting logger then,
            // which in a test process may be after another proxy was built.
            var tracingHosting = tracingLoggers.CreateLogger(RequestLogging.HostingDiagnosticsCategory);
            var quietHosting = quietLoggers.CreateLogger(RequestLogging.HostingDiagnosticsCategory);

            Assert.True(tracingHosting.IsEnabled(LogLevel.Critical), "the proxy exporting traces got the other proxy's logger");
            Assert.False(quietHosting.IsEnabled(LogLevel.Critical));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static WebApplication Build(string state, string name, params string[] settings) => ProxyApplication.Build([
        "--urls=http://127.0.0.1:0",
        $"--ResumableUploads:StagingDirectory={Path.Combine(state, name, "staging")}",
        $"--ResumableUploads:StateDirectory={Path.Combine(state, name, "state")}",
        .. settings,
    ]);
}
