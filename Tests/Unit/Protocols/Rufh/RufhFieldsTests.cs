using System.Globalization;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Primitives;
using RsResumeProxy.Protocols.Rufh;
using RsResumeProxy.StructuredFields;

namespace RsResumeProxy.Tests.Protocols.Rufh;

public sealed partial class RufhFieldsTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("007", 7L)]
    [InlineData("-0", 0L)]
    [InlineData("999999999999999", 999_999_999_999_999L)]
    [InlineData("5;a=1", 5L)]
    [InlineData("5;a=1;b=?0;c=\"x\"", 5L)]
    [InlineData("  5  ", 5L)]
    public void NonNegativeInteger_AcceptsRfc9651IntegersAndIgnoresParameters(string field, long expected) =>
        Assert.Equal(expected, RufhFields.NonNegativeInteger(field));

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("1000000000000000")]
    [InlineData("9223372036854775807")]
    [InlineData("5.0")]
    [InlineData("0x10")]
    [InlineData("1e3")]
    [InlineData("\"5\"")]
    [InlineData("?1")]
    [InlineData("5;")]
    [InlineData("5;A=1")]
    [InlineData("5, 6")]
    [InlineData("\t5")]
    [InlineData("5 6")]
    [InlineData("٥")]
    public void NonNegativeInteger_CountsAnythingElseAsAbsent(string field) =>
        Assert.Null(RufhFields.NonNegativeInteger(field));

    [Fact]
    public void NonNegativeInteger_OfTwoFieldLines_IsAbsent() =>
        Assert.Null(RufhFields.NonNegativeInteger(new StringValues(["5", "5"])));

    [Fact]
    public void NonNegativeInteger_OfNoField_IsAbsent() =>
        Assert.Null(RufhFields.NonNegativeInteger(StringValues.Empty));

    [Theory]
    [InlineData("?1", true)]
    [InlineData("?0", false)]
    [InlineData("?1;x=2", true)]
    [InlineData(" ?0 ", false)]
    public void Boolean_AcceptsOnlyQuestionMarkZeroOrOne(string field, bool expected) =>
        Assert.Equal(expected, RufhFields.Boolean(field));

    [Theory]
    [InlineData("")]
    [InlineData("true")]
    [InlineData("1")]
    [InlineData("?yes")]
    [InlineData("?T")]
    [InlineData("? 1")]
    [InlineData("?2")]
    [InlineData("?10")]
    [InlineData("?1, ?1")]
    [InlineData("?1;")]
    public void Boolean_CountsAnythingElseAsAbsent(string field) =>
        Assert.Null(RufhFields.Boolean(field));

    /// <summary>Any non-negative long of at most 15 digits survives writing and reading unchanged.</summary>
    [Property(Arbitrary = [typeof(FieldArbitraries)], MaxTest = 500)]
    public bool AnyFifteenDigitInteger_RoundTrips(FifteenDigits number) =>
        RufhFields.NonNegativeInteger(StructuredFieldWriter.Integer(number.Value)) == number.Value;

    /// <summary>Integers beyond 15 digits, and negative ones, are never read as a value.</summary>
    [Property(Arbitrary = [typeof(FieldArbitraries)], MaxTest = 500)]
    public bool IntegersOutsideTheRange_AreAbsent(OutOfRange number) =>
        RufhFields.NonNegativeInteger(number.Value.ToString(CultureInfo.InvariantCulture)) is null;

    /// <summary>
    /// Random text over the characters that matter (digits, signs, separators, spaces, letters):
    /// reading never throws, and a value comes back exactly when the text is an RFC 9651 Integer
    /// (optional SP around it, at most 15 digits, a sign only on zero) whose value it is.
    /// </summary>
    [Property(Arbitrary = [typeof(FieldArbitraries)], MaxTest = 2000)]
    public bool AnyOtherText_IsRefusedWithoutThrowing(FieldText text)
    {
        var read = RufhFields.NonNegativeInteger(text.Value);
        var match = IntegerPattern().Match(text.Value);
        long? expected = match.Success ? long.Parse(match.Groups["digits"].Value, CultureInfo.InvariantCulture) : null;
        if (expected is > 0 && match.Groups["sign"].Length > 0)
        {
            expected = null;
        }
        return read == expected;
    }

    /// <summary>The same for Upload-Complete: only ?0 and ?1 (with optional SP around) are read.</summary>
    [Property(Arbitrary = [typeof(FieldArbitraries)], MaxTest = 2000)]
    public bool AnyOtherText_IsNeverABoolean(FieldText text)
    {
        var read = RufhFields.Boolean(text.Value);
        var match = BooleanPattern().Match(text.Value);
        bool? expected = match.Success ? match.Groups["bit"].Value == "1" : null;
        return read == expected;
    }

    [GeneratedRegex("^ *(?<sign>-?)(?<digits>[0-9]{1,15}) *$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^ *\?(?<bit>[01]) *$")]
    private static partial Regex BooleanPattern();

    public sealed record FifteenDigits(long Value);

    public sealed record OutOfRange(long Value);

    /// <summary>Text without ';' (parameters are covered by the theories above), so the oracle is one pattern.</summary>
    public sealed record FieldText(string Value);

    public static class FieldArbitraries
    {
        public static Arbitrary<FifteenDigits> FifteenDigits() =>
            Gen.Frequency(
                    (1, Gen.Choose(0, 1000).Select(n => (long)n)),
                    (3, Gen.Zip(Gen.Choose(0, 999_999_999), Gen.Choose(0, 999_999), (high, low) => high * 1_000_000L + low)))
                .Select(n => new FifteenDigits(n))
                .ToArbitrary();

        public static Arbitrary<OutOfRange> OutOfRange() =>
            Gen.OneOf(
                    Gen.Zip(Gen.Choose(1, int.MaxValue), Gen.Choose(0, 999_999_999), (high, low) => StructuredFieldWriter.MaxInteger + (long)high * low % (long.MaxValue / 4) + high),
                    Gen.Choose(int.MinValue, -1).Select(n => (long)n),
                    Gen.Constant(long.MaxValue),
                    Gen.Constant(long.MinValue))
                .Select(n => new OutOfRange(n))
                .ToArbitrary();

        public static Arbitrary<FieldText> FieldText() =>
            Gen.Frequency(
                    (4, Gen.Elements("0123456789-?,.=\" \tax+:()*%@".ToCharArray())),
                    (1, Gen.Choose(0, 0x2FF).Select(c => (char)c)))
                .ArrayOf()
                .Select(chars => new FieldText(new string(chars)))
                .ToArbitrary();
    }
}
