namespace RsResumeProxy.Configuration;

/// <summary>Bounds for <see cref="SettingRangeAttribute"/> on
/// TimeSpan settings; attribute arguments must be constant strings.</summary>
internal static class Durations
{
    public const string Zero = "00:00:00";

    /// <summary>TimeSpan.MaxValue: a setting with no upper bound of its own.</summary>
    public const string Longest = "10675199.02:48:05.4775807";
}
