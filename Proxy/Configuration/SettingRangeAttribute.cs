using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace RsResumeProxy.Configuration;

/// <summary>
/// The bounds of a numeric or TimeSpan setting, checked at start-up. It stands in for
/// <see cref="RangeAttribute"/>, because the options validator generator (AttributeValidators.cs)
/// replaces a RangeAttribute with a copy of its own that drops the attribute's ErrorMessage. So the
/// proxy would refuse a bad value as "The field ResumableUploadOptions.BodyIdleTimeout must be between
/// 00:00:00 exclusive and 10675199.02:48:05.4775807", and not name the setting as it is written in
/// configuration ("ResumableUploads:BodyIdleTimeout must be positive."). A TimeSpan range is given
/// as two strings, parsed invariantly, as RangeAttribute takes it, but without a TypeConverter.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class SettingRangeAttribute : ValidationAttribute
{
    private readonly double _minimum;
    private readonly double _maximum;
    private readonly TimeSpan? _minimumDuration;
    private readonly TimeSpan _maximumDuration;

    public SettingRangeAttribute(double minimum, double maximum)
        : base("The field {0} must be between {1} and {2}.")
    {
        (_minimum, _maximum) = (minimum, maximum);
        (Minimum, Maximum) = (minimum.ToString(CultureInfo.InvariantCulture), maximum.ToString(CultureInfo.InvariantCulture));
    }

    /// <param name="type">typeof(TimeSpan), the one type whose bounds are strings.</param>
    public SettingRangeAttribute(Type type, string minimum, string maximum)
        : base("The field {0} must be between {1} and {2}.")
    {
        if (type != typeof(TimeSpan))
        {
            throw new ArgumentException($"Only TimeSpan bounds are given as strings, not {type}.", nameof(type));
        }
        _minimumDuration = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
        _maximumDuration = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);
        (Minimum, Maximum) = (minimum, maximum);
    }

    public string Minimum { get; }

    public string Maximum { get; }

    /// <summary>The minimum itself is out of range ("must be positive").</summary>
    public bool MinimumIsExclusive { get; set; }

    public override bool IsValid(object? value) => value switch
    {
        // As RangeAttribute: an absent value is for [Required] to refuse.
        null => true,
        TimeSpan duration when _minimumDuration is { } minimum =>
            (MinimumIsExclusive ? duration > minimum : duration >= minimum) && duration <= _maximumDuration,
        // NaN fails both comparisons, so it is refused; so are the infinities.
        IConvertible number when _minimumDuration is null && Convert.ToDouble(number, CultureInfo.InvariantCulture) is var n =>
            (MinimumIsExclusive ? n > _minimum : n >= _minimum) && n <= _maximum,
        _ => false,
    };

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name, Minimum, Maximum);
}
