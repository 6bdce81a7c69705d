using RsResumeProxy.Protocols.Tus;

namespace RsResumeProxy.Tests.Tus;

public sealed class StrictNumberTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("5", 5L)]
    [InlineData("0005", 5L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Accepts_PlainDecimalIntegers(string text, long expected)
    {
        Assert.True(StrictNumber.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999")]
    [InlineData("٣")] // Arabic-Indic digit: char.IsDigit would take it
    public void Rejects_SignsSpacesFractionsAndOverflow(string? text)
    {
        Assert.False(StrictNumber.TryParse(text, out _));
    }

    [Fact]
    public void RoundTrips_EveryPowerOfTenThatFitsInInt64()
    {
        long value = 1;
        for (var i = 0; i < 19; i++)
        {
            Assert.True(StrictNumber.TryParse(value.ToString(System.Globalization.CultureInfo.InvariantCulture), out var parsed));
            Assert.Equal(value, parsed);
            if (i < 18) value *= 10;
        }
    }
}
