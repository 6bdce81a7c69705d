using System.ComponentModel.DataAnnotations;

namespace RsResumeProxy.Configuration;

/// <summary>
/// Endpoints for operators, section "Operations". Each path is answered by the proxy itself (never
/// forwarded); an empty path turns the endpoint off, and the path then passes through to the RS
/// server like any other. Paths under ResumableUploads:StoragePathPrefix are refused at start-up:
/// they would shadow documents.
/// </summary>
public sealed class OperationsOptions : IValidatableObject
{
    public const string Section = "Operations";

    /// <summary>Liveness: 200 while the process serves requests. Checks nothing else, so an
    /// orchestrator never restarts the proxy because Redis or the backend is down.</summary>
    [RegularExpression("/.*", ErrorMessage = "Operations:HealthPath must start with '/' (or be empty to turn it off).")]
    public string? HealthPath { get; set; } = "/healthz";

    /// <summary>Readiness: 200 when the RS server answers, the staging directory is writable and,
    /// when configured, Redis answers a PING; otherwise 503 naming what failed.</summary>
    [RegularExpression("/.*", ErrorMessage = "Operations:ReadyPath must start with '/' (or be empty to turn it off).")]
    public string? ReadyPath { get; set; } = "/readyz";

    /// <summary>Prometheus text exposition of the proxy's metrics.</summary>
    [RegularExpression("/.*", ErrorMessage = "Operations:MetricsPath must start with '/' (or be empty to turn it off).")]
    public string? MetricsPath { get; set; } = "/metrics";

    /// <summary>How long each readiness check may take before it counts as failed.</summary>
    [SettingRange(typeof(TimeSpan), Durations.Zero, Durations.Longest, MinimumIsExclusive = true,
        ErrorMessage = "Operations:ReadyCheckTimeout must be positive.")]
    public TimeSpan ReadyCheckTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<(string Name, string Path)> EnabledPaths()
    {
        if (!string.IsNullOrEmpty(HealthPath)) yield return (nameof(HealthPath), HealthPath);
        if (!string.IsNullOrEmpty(ReadyPath)) yield return (nameof(ReadyPath), ReadyPath);
        if (!string.IsNullOrEmpty(MetricsPath)) yield return (nameof(MetricsPath), MetricsPath);
    }

    /// <summary>Two endpoints on one path would leave one of them unreachable.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, path) in EnabledPaths())
        {
            if (!seen.Add(path))
                yield return new($"Operations:{name} {path} is used by another operations endpoint.", [name]);
        }
    }

    /// <summary>Paths that would shadow RS documents (checked against the storage prefix, a setting
    /// of another section, by <see cref="StoragePrefixGuard"/>).</summary>
    public IEnumerable<string> ShadowedPaths(string storagePathPrefix)
    {
        foreach (var (name, path) in EnabledPaths())
        {
            if (path.StartsWith(storagePathPrefix, StringComparison.OrdinalIgnoreCase)
                || (path.TrimEnd('/') + "/").Equals(storagePathPrefix, StringComparison.OrdinalIgnoreCase))
                yield return $"Operations:{name} {path} lies under {storagePathPrefix}, where it would shadow RS documents.";
        }
    }
}
