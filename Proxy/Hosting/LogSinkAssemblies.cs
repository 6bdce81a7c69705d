using System.Reflection;
using Serilog;
using Serilog.Formatting.Compact;

namespace RsResumeProxy.Hosting;

/// <summary>
/// The assemblies whose sinks and formatters the "Serilog" configuration section may name: those
/// Serilog.AspNetCore brings (console, file, debug output, compact JSON). The configuration reader
/// finds their configuration methods by reflection, so Proxy.csproj keeps them whole in a native
/// build (TrimmerRootAssembly). A sink package added to the project is added here too.
/// </summary>
internal static class LogSinkAssemblies
{
    public static readonly Assembly[] All =
    [
        typeof(ConsoleLoggerConfigurationExtensions).Assembly,
        typeof(FileLoggerConfigurationExtensions).Assembly,
        typeof(LoggerSinkConfigurationDebugExtensions).Assembly,
        typeof(CompactJsonFormatter).Assembly,
    ];
}
