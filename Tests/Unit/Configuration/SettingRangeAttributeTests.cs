using RsResumeProxy.Configuration;

namespace RsResumeProxy.Tests.Configuration;

/// <summary>The bounds check behind every numeric and TimeSpan setting (it replaces RangeAttribute,
/// whose generated copy dropped the settings' own messages).</summary>
public sealed class SettingRangeAttributeTests
{
    [Theory]
    [InlineData(0.0, true)]
    [InlineData(240.0, true)]
    [InlineData(double.MaxValue, true)]
    [InlineData(-0.001, false)]
    [InlineData(double.NaN, false)]
    [InlineData(double.PositiveInfinity, false)]
    public void ANumber_IsInRange_OnlyBetweenItsBounds(double value, bool valid) =>
        Assert.Equal(valid, new SettingRangeAttribute(0, double.MaxValue).IsValid(value));

    [Theory]
    [InlineData(0L, true)]
    [InlineData(long.MaxValue, true)]
    [InlineData(-1L, false)]
    public void ALong_IsCompared_WithoutOverflow(long value, bool valid) =>
        Assert.Equal(valid, new SettingRangeAttribute(0, long.MaxValue).IsValid(value));

    [Theory]
    [InlineData(5 * 1024 * 1024, true)]
    [InlineData(5 * 1024 * 1024 - 1, false)]
    [InlineData(512 * 1024 * 1024 + 1, false)]
    public void AnInt_IsCompared_WithIntBounds(int value, bool valid) =>
        Assert.Equal(valid, new SettingRangeAttribute(5 * 1024 * 1024, 512 * 1024 * 1024).IsValid(value));

    [Theory]
    [InlineData("00:00:00", false)]
    [InlineData("00:00:00.001", true)]
    [InlineData("10675199.02:48:05.4775807", true)]
    [InlineData("-00:00:01", false)]
    public void ADuration_WithAnExclusiveMinimum_MustBePositive(string value, bool valid) =>
        Assert.Equal(valid, new SettingRangeAttribute(typeof(TimeSpan), Durations.Zero, Durations.Longest) { MinimumIsExclusive = true }
            .IsValid(TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("00:00:00", true)]
    [InlineData("01:00:00", true)]
    [InlineData("01:00:00.001", false)]
    public void ADuration_IsInRange_WithItsBoundsIncluded(string value, bool valid) =>
        Assert.Equal(valid, new SettingRangeAttribute(typeof(TimeSpan), "00:00:00", "01:00:00")
            .IsValid(TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void TheMessage_IsTheSettingsOwn_OrNamesTheBounds()
    {
        Assert.Equal("X must be positive.", new SettingRangeAttribute(0, 1) { ErrorMessage = "X must be positive." }.FormatErrorMessage("X"));
        Assert.Equal("The field X must be between 00:00:00 and 01:00:00.", new SettingRangeAttribute(typeof(TimeSpan), "00:00:00", "01:00:00").FormatErrorMessage("X"));
    }

    [Fact]
    public void StringBounds_AreForDurationsOnly() =>
        Assert.Throws<ArgumentException>(() => new SettingRangeAttribute(typeof(int), "0", "1"));
}
