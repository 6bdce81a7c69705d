using System.Globalization;
using RsResumeProxy.StructuredFields;

namespace RsResumeProxy.Tests.StructuredFields;

/// <summary>
/// Cases from the httpwg structured-field test vectors (github.com/httpwg/structured-field-tests,
/// RFC 9651 edition), reproduced by name. A row's expectation is the parsed value written in a
/// compact notation (see <see cref="Describe(StructuredItem)"/>), or null where the vector says
/// the parse must fail. "can_fail" vectors are left out, except where noted.
/// </summary>
public sealed class StructuredFieldParserTests
{
    [Theory]
    // number.json
    [InlineData("basic integer", "42", "42")]
    [InlineData("zero integer", "0", "0")]
    [InlineData("negative zero", "-0", "0")]
    [InlineData("double negative zero", "--0", null)]
    [InlineData("negative integer", "-42", "-42")]
    [InlineData("leading 0 integer", "042", "42")]
    [InlineData("leading 0 negative integer", "-042", "-42")]
    [InlineData("leading 0 zero", "00", "0")]
    [InlineData("comma", "2,3", null)]
    [InlineData("negative non-DIGIT first character", "-a23", null)]
    [InlineData("sign out of place", "4-2", null)]
    [InlineData("whitespace after sign", "- 42", null)]
    [InlineData("long integer", "123456789012345", "123456789012345")]
    [InlineData("long negative integer", "-123456789012345", "-123456789012345")]
    [InlineData("too long integer", "1234567890123456", null)]
    [InlineData("negative too long integer", "-1234567890123456", null)]
    [InlineData("simple decimal", "1.23", "1.23")]
    [InlineData("negative decimal", "-1.23", "-1.23")]
    [InlineData("decimal, whitespace address", "1. 23", null)]
    [InlineData("decimal, whitespace after decimal", "1 .23", null)]
    [InlineData("negative decimal, whitespace after sign", "- 1.23", null)]
    [InlineData("tricky precision decimal", "123456789012.1", "123456789012.1")]
    [InlineData("double decimal decimal", "1.5.4", null)]
    [InlineData("adjacent double decimal decimal", "1..4", null)]
    [InlineData("decimal with three fractional digits", "1.123", "1.123")]
    [InlineData("negative decimal with three fractional digits", "-1.123", "-1.123")]
    [InlineData("decimal with four fractional digits", "1.1234", null)]
    [InlineData("negative decimal with four fractional digits", "-1.1234", null)]
    [InlineData("decimal with thirteen integer digits", "1234567890123.0", null)]
    [InlineData("negative decimal with thirteen integer digits", "-1234567890123.0", null)]
    [InlineData("decimal without fraction digits", "1.", null)]
    // boolean.json
    [InlineData("basic true boolean", "?1", "?1")]
    [InlineData("basic false boolean", "?0", "?0")]
    [InlineData("unknown boolean", "?Q", null)]
    [InlineData("whitespace boolean", "? 1", null)]
    [InlineData("negative zero boolean", "?-0", null)]
    [InlineData("T boolean", "?T", null)]
    [InlineData("F boolean", "?F", null)]
    [InlineData("t boolean", "?t", null)]
    [InlineData("f boolean", "?f", null)]
    [InlineData("spelled-out True boolean", "?True", null)]
    [InlineData("spelled-out False boolean", "?False", null)]
    // item.json
    [InlineData("empty item", "", null)]
    [InlineData("leading space", " \t 1", null)]
    [InlineData("trailing space", "1 \t ", null)]
    [InlineData("leading and trailing space", "  1  ", "1")]
    // string.json
    [InlineData("basic string", "\"foo bar\"", "\"foo bar\"")]
    [InlineData("empty string", "\"\"", "\"\"")]
    [InlineData("whitespace string", "\"   \"", "\"   \"")]
    [InlineData("non-ascii string", "\"füü\"", null)]
    [InlineData("tab in string", "\"\t\"", null)]
    [InlineData("newline in string", "\" \n \"", null)]
    [InlineData("single quoted string", "'foo'", null)]
    [InlineData("unbalanced string", "\"foo", null)]
    [InlineData("string quoting", "\"foo \\\"bar\\\" \\\\ baz\"", "\"foo \"bar\" \\ baz\"")]
    [InlineData("bad string quoting", "\"foo \\,\"", null)]
    [InlineData("ending string quote", "\"foo \\\"", null)]
    [InlineData("abruptly ending string quote", "\"foo \\", null)]
    // token.json
    [InlineData("basic token - item", "a_b-c.d3:f%00/*", "a_b-c.d3:f%00/*")]
    [InlineData("token with capitals - item", "fooBar", "fooBar")]
    [InlineData("token starting with capitals - item", "FooBar", "FooBar")]
    // binary.json
    [InlineData("basic binary", ":aGVsbG8=:", ":aGVsbG8=:")]
    [InlineData("empty binary", "::", "::")]
    [InlineData("padding at beginning", ":=aGVsbG8=:", null)]
    [InlineData("padding in middle", ":a=GVsbG8=:", null)]
    [InlineData("bad padding (can_fail; accepted, as §4.2.7 advises)", ":aGVsbG8:", ":aGVsbG8=:")]
    [InlineData("bad padding dot", ":aGVsbG8.:", null)]
    [InlineData("bad end delimiter", ":aGVsbG8=", null)]
    [InlineData("extra whitespace", ":aGVsb G8=:", null)]
    [InlineData("all whitespace", ":    :", null)]
    [InlineData("extra chars", ":aGVsbG!8=:", null)]
    [InlineData("suffix chars", ":aGVsbG8=!:", null)]
    [InlineData("non-ASCII binary", ":/+Ah:", ":/+Ah:")]
    [InlineData("base64url binary", ":_-Ah:", null)]
    // date.json
    [InlineData("date - 1970-01-01 00:00:00", "@0", "@0")]
    [InlineData("date - 2022-08-04 01:57:13", "@1659578233", "@1659578233")]
    [InlineData("date - 1917-05-30 22:02:47", "@-1659578233", "@-1659578233")]
    [InlineData("date - 2^31", "@2147483648", "@2147483648")]
    [InlineData("date - 2^32", "@4294967296", "@4294967296")]
    [InlineData("date - decimal", "@1659578233.12", null)]
    // display-string.json
    [InlineData("basic display string (ascii content)", "%\"foo bar\"", "%\"foo bar\"")]
    [InlineData("non-ascii display string (uppercase escaping)", "%\"f%C3%BC%C3%BC\"", null)]
    [InlineData("non-ascii display string (lowercase escaping)", "%\"f%c3%bc%c3%bc\"", "%\"füü\"")]
    [InlineData("tab in display string", "%\"\t\"", null)]
    [InlineData("newline in display string", "%\"\n\"", null)]
    [InlineData("single quoted display string", "%'foo'", null)]
    [InlineData("unquoted display string", "%foo", null)]
    [InlineData("display string missing initial quote", "%foo\"", null)]
    [InlineData("unbalanced display string", "%\"foo", null)]
    [InlineData("display string quoting", "%\"foo %22bar%22 \\ baz\"", "%\"foo \"bar\" \\ baz\"")]
    [InlineData("bad display string escaping", "%\"foo %a", null)]
    [InlineData("bad display string utf-8 (invalid 2-byte seq)", "%\"%c3%28\"", null)]
    [InlineData("bad display string utf-8 (invalid sequence id)", "%\"%a0%a1\"", null)]
    [InlineData("bad display string utf-8 (invalid hex)", "%\"%g0%1w\"", null)]
    [InlineData("BOM in display string", "%\"%ef%bb%bfabc\"", "%\"\ufeffabc\"")]
    // param-list.json, item forms
    [InlineData("parameterised item", "text/html;q=1.0", "text/html;q=1.0")]
    [InlineData("missing parameter value", "text/html;a;q=1.0", "text/html;a=?1;q=1.0")]
    [InlineData("whitespace before = in parameters", "text/plain;q =0.5", null)]
    [InlineData("whitespace after = in parameters", "text/plain;q= 0.5", null)]
    [InlineData("whitespace after ; in parameters", "text/plain; q=0.5", "text/plain;q=0.5")]
    [InlineData("duplicate parameter keys keep the last value", "1;a=1;b=2;a=3", "1;a=3;b=2")]
    [InlineData("uppercase parameter key", "1;A=1", null)]
    public void Item_MatchesTheHttpwgVectors(string name, string raw, string? expected)
    {
        var parsed = StructuredFieldParser.TryParseItem(raw, out var item, out var error);
        Assert.True(expected is not null == parsed, $"{name}: {(parsed ? Describe(item) : error)}");
        if (parsed)
        {
            Assert.Equal(expected, Describe(item));
        }
    }

    [Theory]
    // list.json, listlist.json, param-list.json
    [InlineData("basic list", "1, 42", "1, 42")]
    [InlineData("empty list", "", "")]
    [InlineData("leading SP list", "  42, 43", "42, 43")]
    [InlineData("single item list", "42", "42")]
    [InlineData("no whitespace list", "1,42", "1, 42")]
    [InlineData("extra whitespace list", "1 , 42", "1, 42")]
    [InlineData("tab separated list", "1\t,\t42", "1, 42")]
    [InlineData("trailing comma list", "1, 42,", null)]
    [InlineData("empty item list", "1,,42", null)]
    [InlineData("basic list of lists", "(1 2), (42 43)", "(1 2), (42 43)")]
    [InlineData("single item list of lists", "(42)", "(42)")]
    [InlineData("empty item list of lists", "()", "()")]
    [InlineData("empty middle item list of lists", "(1),(),(42)", "(1), (), (42)")]
    [InlineData("extra whitespace list of lists", "(  1  42  )", "(1 42)")]
    [InlineData("wrong whitespace list of lists", "(1\t 42)", null)]
    [InlineData("no trailing parenthesis list of lists", "(1 42", null)]
    [InlineData("no trailing parenthesis middle list of lists", "(1 2, (42 43)", null)]
    [InlineData("no spaces in inner-list", "(abc\"def\"?0123*dXZ3*xyz)", null)]
    [InlineData("no closing parenthesis", "(", null)]
    [InlineData("basic parameterised list", "abc_123;a=1;b=2; cdef_456, ghi;q=9;r=\"+w\"", "abc_123;a=1;b=2;cdef_456=?1, ghi;q=9;r=\"+w\"")]
    [InlineData("whitespace before ; parameterised list", "text/html, text/plain ;q=0.5", null)]
    [InlineData("trailing comma parameterised list", "text/html,text/plain;q=0.5,", null)]
    [InlineData("parameterised inner list", "(abc;a=1 def);q=2", "(abc;a=1 def);q=2")]
    public void List_MatchesTheHttpwgVectors(string name, string raw, string? expected)
    {
        var parsed = StructuredFieldParser.TryParseList(raw, out var list, out var error);
        Assert.True(expected is not null == parsed, $"{name}: {error}");
        if (parsed)
        {
            Assert.Equal(expected, string.Join(", ", list.Select(Describe)));
        }
    }

    [Theory]
    // dictionary.json, param-dict.json
    [InlineData("basic dictionary", "en=\"Applepie\", da=:w4ZibGV0w6ZydGUK:", "en=\"Applepie\", da=:w4ZibGV0w6ZydGUK:")]
    [InlineData("empty dictionary", "", "")]
    [InlineData("single item dictionary", "a=1", "a=1")]
    [InlineData("list item dictionary", "a=(1 2)", "a=(1 2)")]
    [InlineData("single list item dictionary", "a=(1)", "a=(1)")]
    [InlineData("empty list item dictionary", "a=()", "a=()")]
    [InlineData("no whitespace dictionary", "a=1,b=2", "a=1, b=2")]
    [InlineData("extra whitespace dictionary", "a=1 ,  b=2", "a=1, b=2")]
    [InlineData("tab separated dictionary", "a=1\t,\tb=2", "a=1, b=2")]
    [InlineData("leading whitespace dictionary", "     a=1 ,  b=2", "a=1, b=2")]
    [InlineData("whitespace before = dictionary", "a =1, b=2", null)]
    [InlineData("whitespace after = dictionary", "a=1, b= 2", null)]
    [InlineData("missing value dictionary", "a=1, b, c=3", "a=1, b=?1, c=3")]
    [InlineData("all missing value dictionary", "a, b, c", "a=?1, b=?1, c=?1")]
    [InlineData("missing value with params dictionary", "a=1, b;foo=9, c=3", "a=1, b=?1;foo=9, c=3")]
    [InlineData("explicit true value with params dictionary", "a=1, b=?1;foo=9, c=3", "a=1, b=?1;foo=9, c=3")]
    [InlineData("trailing comma dictionary", "a=1, b=2,", null)]
    [InlineData("empty item dictionary", "a=1,,b=2,", null)]
    [InlineData("duplicate key dictionary", "a=1,b=2,a=3", "a=3, b=2")]
    [InlineData("numeric key dictionary", "a=1,1b=2,a=1", null)]
    [InlineData("uppercase key dictionary", "a=1,B=2,a=1", null)]
    [InlineData("bad key dictionary", "a=1,b!=2,a=1", null)]
    [InlineData("basic parameterised dict", "abc=123;a=1;b=2, def=456, ghi=789;q=9;r=\"+w\"", "abc=123;a=1;b=2, def=456, ghi=789;q=9;r=\"+w\"")]
    [InlineData("single item parameterised dict", "a=b; q=1.0", "a=b;q=1.0")]
    [InlineData("list item parameterised dictionary", "a=(1 2); q=1.0", "a=(1 2);q=1.0")]
    [InlineData("whitespace before ; parameterised dict", "a=b ;q=0.5", null)]
    [InlineData("empty item parameterised dict", "a=b; q=1.0,,c=d", null)]
    public void Dictionary_MatchesTheHttpwgVectors(string name, string raw, string? expected)
    {
        var parsed = StructuredFieldParser.TryParseDictionary(raw, out var dictionary, out var error);
        Assert.True(expected is not null == parsed, $"{name}: {error}");
        if (parsed)
        {
            Assert.Equal(expected, string.Join(", ", dictionary.Select(m => m.Key + "=" + Describe(m.Value))));
        }
    }

    [Theory]
    [InlineData("1\0")]
    [InlineData("\u00e9")]
    [InlineData("a=\u0080")]
    public void FieldsWithControlOrNonAsciiCharacters_AreRefused(string raw)
    {
        Assert.False(StructuredFieldParser.TryParseItem(raw, out _, out _));
        Assert.False(StructuredFieldParser.TryParseDictionary(raw, out _, out _));
        Assert.False(StructuredFieldParser.TryParseList(raw, out _, out _));
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(999_999_999_999_999L, "999999999999999")]
    [InlineData(-999_999_999_999_999L, "-999999999999999")]
    public void Integer_IsWrittenAsDigits(long value, string expected) =>
        Assert.Equal(expected, StructuredFieldWriter.Integer(value));

    [Theory]
    [InlineData(1_000_000_000_000_000L)]
    [InlineData(long.MinValue)]
    public void Integer_BeyondFifteenDigits_IsABug(long value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StructuredFieldWriter.Integer(value));

    [Fact]
    public void IntegerDictionary_IsWrittenInOrderAndReadBack()
    {
        var text = StructuredFieldWriter.IntegerDictionary([new("max-size", 10), new("min-size", 0)]);
        Assert.Equal("max-size=10, min-size=0", text);
        Assert.True(StructuredFieldParser.TryParseDictionary(text, out var members, out _));
        Assert.Equal(["max-size", "min-size"], members.Select(m => m.Key));
    }

    [Fact]
    public void IntegerDictionary_WithAKeyTheFormatCannotCarry_IsABug() =>
        Assert.Throws<ArgumentException>(() => StructuredFieldWriter.IntegerDictionary([new("Max", 1)]));

    private static string Describe(StructuredMember member) =>
        member.InnerList is { } inner
            ? "(" + string.Join(" ", inner.Select(Describe)) + ")" + DescribeParameters(member.Parameters)
            : Describe(member.Item!);

    private static string Describe(StructuredItem item) => Describe(item.Value) + DescribeParameters(item.Parameters);

    private static string DescribeParameters(IReadOnlyList<KeyValuePair<string, BareItem>> parameters) =>
        string.Concat(parameters.Select(p => ";" + p.Key + "=" + Describe(p.Value)));

    private static string Describe(BareItem value) => value.Kind switch
    {
        BareItemKind.Integer => value.Integer.ToString(CultureInfo.InvariantCulture),
        BareItemKind.Decimal => value.Decimal.ToString("0.0##", CultureInfo.InvariantCulture),
        BareItemKind.String => "\"" + value.Text + "\"",
        BareItemKind.Token => value.Text!,
        BareItemKind.ByteSequence => ":" + Convert.ToBase64String(value.Bytes!) + ":",
        BareItemKind.Boolean => value.Boolean ? "?1" : "?0",
        BareItemKind.Date => "@" + value.Integer.ToString(CultureInfo.InvariantCulture),
        BareItemKind.DisplayString => "%\"" + value.Text + "\"",
        _ => throw new InvalidOperationException(value.Kind.ToString()),
    };
}
