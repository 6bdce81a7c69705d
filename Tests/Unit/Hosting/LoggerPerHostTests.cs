using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RsResumeProxy.Hosting;
using RsResumeProxy.Tests.Infrastructure;

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
        await using var tracing = BuiltProxy.Build("--OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9");
        var tracingLoggers = tracing.Services.GetRequiredService<ILoggerFactory>();
        await using var quiet = BuiltProxy.Build();
        var quietLoggers = quiet.Services.GetRequiredService<ILoggerFactory>();

        // As ASP.NET Core does when a host starts: it asks its factory for the hosting logger then,
        // which in a test process may be after another proxy was built.
        var tracingHosting = tracingLoggers.CreateLogger(RequestLogging.HostingDiagnosticsCategory);
        var quietHosting = quietLoggers.CreateLogger(RequestLogging.HostingDiagnosticsCategory);

        Assert.True(tracingHosting.IsEnabled(LogLevel.Critical), "the proxy exporting traces got the other proxy's logger");
        Assert.False(quietHosting.IsEnabled(LogLevel.Critical));
    }
}
