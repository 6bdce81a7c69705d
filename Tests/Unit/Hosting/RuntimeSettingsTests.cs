using System.Text.Json;

namespace RsResumeProxy.Tests.Hosting;

/// <summary>
/// The runtime settings the README's Performance section relies on reach the runtime: they are
/// written to <c>RsResumeProxy.runtimeconfig.json</c> beside the proxy, which is where the runtime
/// reads them at start-up (project properties that never reach that file have no effect).
/// </summary>
public sealed class RuntimeSettingsTests
{
    private static readonly JsonElement Properties = ReadProperties();

    [Theory]
    [InlineData("System.GC.Gen0MaxBudget", "1048576")] // gen 0 stays small: Memory
    [InlineData("System.Runtime.TieredPGO", "false")] // no instrumented recompilations: Memory
    [InlineData("System.Runtime.TieredCompilation.CallCountingDelayMs", "0")] // optimized code after 30 calls: Performance
    public void TheProxysRuntimeConfiguration_Carries(string property, string value)
    {
        Assert.True(Properties.TryGetProperty(property, out var actual), $"{property} is missing from the proxy's runtimeconfig.json");
        Assert.Equal(value, actual.ToString().ToLowerInvariant());
    }

    private static JsonElement ReadProperties()
    {
        // The test project references the proxy, so the build copies the proxy's runtime
        // configuration next to the tests, as it does for the proxy's own output directory.
        var path = Path.Combine(AppContext.BaseDirectory, "RsResumeProxy.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
