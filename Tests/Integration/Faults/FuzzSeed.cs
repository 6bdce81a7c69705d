using Xunit.Abstractions;
namespace RsResumeProxy.Tests.Faults;

/// <summary>
/// The one seed of the fault and fuzz set. Fixed, so every run makes the same choices; each test
/// prints it, and RSRP_FUZZ_SEED replaces it to explore or to reproduce another run.
/// </summary>
public static class FuzzSeed
{
    public const int Default = 20261202;

    public static int Value => int.TryParse(Environment.GetEnvironmentVariable("RSRP_FUZZ_SEED"), out var seed) ? seed : Default;

    public static Random Start(ITestOutputHelper output, string test)
    {
        var seed = Value;
        output.WriteLine($"{test}: seed {seed} (set RSRP_FUZZ_SEED={seed} to reproduce)");
        return new Random(seed);
    }
}
