using System.ComponentModel.DataAnnotations;

namespace RsResumeProxy.Configuration;

/// <summary>
/// Settings for several instances sharing uploads, section "Redis". With no
/// <see cref="Configuration"/> the proxy keeps upload state on its local disk and locks in memory.
/// </summary>
public sealed class RedisOptions : IValidatableObject
{
    public const string Section = "Redis";

    /// <summary>StackExchange.Redis connection string (for example "redis:6379,password=...").
    /// Empty (the default): state on local disk, locks in this process. abortConnect is always
    /// off, so the proxy starts and passes traffic through while Redis is down.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel, so several deployments can share one Redis.</summary>
    [Required(ErrorMessage = "Redis:InstanceName must not be empty.")]
    public string InstanceName { get; set; } = "rsrp:";

    /// <summary>How long an upload's lock outlives a holder that died without releasing it. Below
    /// ResumableUploads:LockWaitTimeout (20 s), so a request waiting on a killed holder gets the upload.</summary>
    [SettingRange(typeof(TimeSpan), Durations.Zero, Durations.Longest, MinimumIsExclusive = true,
        ErrorMessage = "Redis:LockExpiry must be positive.")]
    public TimeSpan LockExpiry { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a holder extends its lock. Must be well below <see cref="LockExpiry"/>:
    /// the holder gives up (stops writing, answers 503) when the lock may have expired.</summary>
    public TimeSpan LockRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>The rules that span settings or need more than an attribute.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LockRenewInterval <= TimeSpan.Zero || LockRenewInterval >= LockExpiry)
            yield return new("Redis:LockRenewInterval must be positive and shorter than Redis:LockExpiry.", [nameof(LockRenewInterval)]);
        if (IsEnabled && ConnectionStringProblem(Configuration!) is { } problem)
            yield return new(problem, [nameof(Configuration)]);
    }

    private static string? ConnectionStringProblem(string configuration)
    {
        try
        {
            StackExchange.Redis.ConfigurationOptions.Parse(configuration);
            return null;
        }
        catch (ArgumentException ex)
        {
            return "Redis:Configuration is not a valid StackExchange.Redis connection string: " + ex.Message;
        }
    }
}
