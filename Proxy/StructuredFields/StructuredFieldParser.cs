using System.Globalization;
using System.Text;

namespace RsResumeProxy.StructuredFields;

/// <summary>
/// RFC 9651 (structured field values for HTTP) parsing, exactly as its §4.2 algorithms describe:
/// anything they would fail on is refused here with a reason, never with an exception, because the
/// input is a request header an attacker chooses. Several field lines of one name are combined with
/// ", " before parsing (§4.2), which makes a repeated Item field invalid, as it should be.
/// </summary>
public static class StructuredFieldParser
{
    private const int MaxIntegerDigits = 15;
    private const int MaxDecimalIntegerDigits = 12;
    private const int MaxDecimalFractionDigits = 3;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryParseItem(string? text, out StructuredItem item, out string error)
    {
        item = null!;
        if (!TryBegin(text, out var input, out error))
        {
            return false;
        }
        var reader = new Reader(input);
        if (!TryParseItem(ref reader, out item, out error))
        {
            return false;
        }
        return TryEnd(ref reader, out error);
    }

    public static bool TryParseList(string? text, out IReadOnlyList<StructuredMember> list, out string error)
    {
        list = [];
        if (!TryBegin(text, out var input, out error))
        {
            return false;
        }
        var reader = new Reader(input);
        var members = new List<StructuredMember>();
        while (!reader.AtEnd)
        {
            if (!TryParseItemOrInnerList(ref reader, out var member, out error))
            {
                return false;
            }
            members.Add(member);
            if (!TryNextMember(ref reader, out error))
            {
                return false;
            }
        }
        list = members;
        error = "";
        return true;
    }

    /// <summary>
    /// Members in the order of their first appearance; a repeated key keeps its place and takes
    /// the later value (§4.2.2).
    /// </summary>
    public static bool TryParseDictionary(string? text, out IReadOnlyList<KeyValuePair<string, StructuredMember>> dictionary, out string error)
    {
        dictionary = [];
        if (!TryBegin(text, out var input, out error))
        {
            return false;
        }
        var reader = new Reader(input);
        var members = new List<KeyValuePair<string, StructuredMember>>();
        while (!reader.AtEnd)
        {
            if (!TryParseKey(ref reader, out var key, out error))
            {
                return false;
            }
            StructuredMember member;
            if (reader.Peek == '=')
            {
                reader.Advance();
                if (!TryParseItemOrInnerList(ref reader, out member, out error))
                {
                    return false;
                }
            }
            else
            {
                if (!TryParseParameters(ref reader, out var parameters, out error))
                {
                    return false;
                }
                member = new StructuredMember(new StructuredItem(BareItem.FromBoolean(true), parameters), null, parameters);
            }
            var existing = members.FindIndex(m => m.Key == key);
            if (existing >= 0)
            {
                members[existing] = new(key, member);
            }
            else
            {
                members.Add(new(key, member));
            }
            if (!TryNextMember(ref reader, out error))
            {
                return false;
            }
        }
        dictionary = members;
        error = "";
        return true;
    }

    private static bool TryBegin(string? text, out string input, out string error)
    {
        input = text ?? "";
        error = "";
        foreach (var c in input)
        {
            if (c > 0x7E || (c < 0x20 && c != '\t'))
            {
                error = "the field holds a character outside visible ASCII";
                return false;
            }
        }
        input = input.TrimStart(' ');
        return true;
    }

    private static bool TryEnd(ref Reader reader, out string error)
    {
        reader.SkipSpaces();
        if (!reader.AtEnd)
        {
            error = $"unexpected '{reader.Peek}' at position {reader.Position}";
            return false;
        }
        error = "";
        return true;
    }

    /// <summary>After a list or dictionary member: the end, or a comma followed by another member.</summary>
    private static bool TryNextMember(ref Reader reader, out string error)
    {
        reader.SkipOptionalWhitespace();
        error = "";
        if (reader.AtEnd)
        {
            return true;
        }
        if (reader.Peek != ',')
        {
            error = $"expected ',' at position {reader.Position}";
            return false;
        }
        reader.Advance();
        reader.SkipOptionalWhitespace();
        if (reader.AtEnd)
        {
            error = "a trailing comma";
            return false;
        }
        return true;
    }

    private static bool TryParseItemOrInnerList(ref Reader reader, out StructuredMember member, out string error)
    {
        member = null!;
        if (reader.Peek != '(')
        {
            if (!TryParseItem(ref reader, out var item, out error))
            {
                return false;
            }
            member = new StructuredMember(item, null, item.Parameters);
            return true;
        }
        reader.Advance();
        var items = new List<StructuredItem>();
        while (true)
        {
            reader.SkipSpaces();
            if (reader.AtEnd)
            {
                error = "an inner list without ')'";
                return false;
            }
            if (reader.Peek == ')')
            {
                reader.Advance();
                if (!TryParseParameters(ref reader, out var parameters, out error))
                {
                    return false;
                }
                member = new StructuredMember(null, items, parameters);
                return true;
            }
            if (!TryParseItem(ref reader, out var item, out error))
            {
                return false;
            }
            items.Add(item);
            if (!reader.AtEnd && reader.Peek is not (' ' or ')'))
            {
                error = $"inner-list items must be separated by spaces (position {reader.Position})";
                return false;
            }
        }
    }

    private static bool TryParseItem(ref Reader reader, out StructuredItem item, out string error)
    {
        item = null!;
        if (!TryParseBareItem(ref reader, out var value, out error) || !TryParseParameters(ref reader, out var parameters, out error))
        {
            return false;
        }
        item = new StructuredItem(value, parameters);
        return true;
    }

    private static bool TryParseParameters(ref Reader reader, out IReadOnlyList<KeyValuePair<string, BareItem>> parameters, out string error)
    {
        error = "";
        List<KeyValuePair<string, BareItem>>? found = null;
        while (!reader.AtEnd && reader.Peek == ';')
        {
            reader.Advance();
            reader.SkipSpaces();
            if (!TryParseKey(ref reader, out var key, out error))
            {
                parameters = [];
                return false;
            }
            var value = BareItem.FromBoolean(true);
            if (!reader.AtEnd && reader.Peek == '=')
            {
                reader.Advance();
                if (!TryParseBareItem(ref reader, out value, out error))
                {
                    parameters = [];
                    return false;
                }
            }
            found ??= [];
            var existing = found.FindIndex(p => p.Key == key);
            if (existing >= 0)
            {
                found[existing] = new(key, value);
            }
            else
            {
                found.Add(new(key, value));
            }
        }
        parameters = (IReadOnlyList<KeyValuePair<string, BareItem>>?)found ?? [];
        return true;
    }

    private static bool TryParseKey(ref Reader reader, out string key, out string error)
    {
        key = "";
        if (reader.AtEnd || !(char.IsAsciiLetterLower(reader.Peek) || reader.Peek == '*'))
        {
            error = $"a key must start with a lowercase letter or '*' (position {reader.Position})";
            return false;
        }
        var start = reader.Position;
        while (!reader.AtEnd && (char.IsAsciiLetterLower(reader.Peek) || char.IsAsciiDigit(reader.Peek) || reader.Peek is '_' or '-' or '.' or '*'))
        {
            reader.Advance();
        }
        key = reader.Slice(start);
        error = "";
        return true;
    }

    private static bool TryParseBareItem(ref Reader reader, out BareItem value, out string error)
    {
        value = default;
        if (reader.AtEnd)
        {
            error = "a value is missing";
            return false;
        }
        var c = reader.Peek;
        return c switch
        {
            '-' or (>= '0' and <= '9') => TryParseNumber(ref reader, out value, out error),
            '"' => TryParseString(ref reader, out value, out error),
            '*' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') => TryParseToken(ref reader, out value, out error),
            ':' => TryParseByteSequence(ref reader, out value, out error),
            '?' => TryParseBoolean(ref reader, out value, out error),
            '@' => TryParseDate(ref reader, out value, out error),
            '%' => TryParseDisplayString(ref reader, out value, out error),
            _ => Fail(out value, out error, $"'{c}' cannot start a value (position {reader.Position})"),
        };
    }

    private static bool TryParseNumber(ref Reader reader, out BareItem value, out string error)
    {
        value = default;
        var negative = false;
        if (reader.Peek == '-')
        {
            negative = true;
            reader.Advance();
        }
        if (reader.AtEnd || !char.IsAsciiDigit(reader.Peek))
        {
            return Fail(out value, out error, "a number needs a digit");
        }
        var start = reader.Position;
        var isDecimal = false;
        while (!reader.AtEnd)
        {
            var c = reader.Peek;
            var length = reader.Position - start;
            if (char.IsAsciiDigit(c))
            {
                reader.Advance();
            }
            else if (!isDecimal && c == '.')
            {
                if (length > MaxDecimalIntegerDigits)
                {
                    return Fail(out value, out error, "a decimal has at most 12 integer digits");
                }
                isDecimal = true;
                reader.Advance();
            }
            else
            {
                break;
            }
            length = reader.Position - start;
            if (!isDecimal && length > MaxIntegerDigits)
            {
                return Fail(out value, out error, "an integer has at most 15 digits");
            }
            if (isDecimal && length > MaxIntegerDigits + 1)
            {
                return Fail(out value, out error, "a decimal has at most 16 characters");
            }
        }
        var digits = reader.Slice(start);
        if (!isDecimal)
        {
            var magnitude = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            value = BareItem.FromInteger(negative ? -magnitude : magnitude);
            error = "";
            return true;
        }
        var fraction = digits.Length - digits.IndexOf('.') - 1;
        if (fraction == 0)
        {
            return Fail(out value, out error, "a decimal cannot end with '.'");
        }
        if (fraction > MaxDecimalFractionDigits)
        {
            return Fail(out value, out error, "a decimal has at most 3 fraction digits");
        }
        var number = decimal.Parse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        value = BareItem.FromDecimal(negative ? -number : number);
        error = "";
        return true;
    }

    private static bool TryParseString(ref Reader reader, out BareItem value, out string error)
    {
        reader.Advance();
        var text = new StringBuilder();
        while (!reader.AtEnd)
        {
            var c = reader.Take();
            if (c == '\\')
            {
                if (reader.AtEnd || reader.Peek is not ('"' or '\\'))
                {
                    return Fail(out value, out error, "a string may escape only '\"' and '\\'");
                }
                text.Append(reader.Take());
            }
            else if (c == '"')
            {
                value = BareItem.FromString(text.ToString());
                error = "";
                return true;
            }
            else if (c is < ' ' or > '~')
            {
                return Fail(out value, out error, "a string holds only visible ASCII and spaces");
            }
            else
            {
                text.Append(c);
            }
        }
        return Fail(out value, out error, "a string without its closing '\"'");
    }

    private static bool TryParseToken(ref Reader reader, out BareItem value, out string error)
    {
        var start = reader.Position;
        reader.Advance();
        while (!reader.AtEnd && (IsTokenCharacter(reader.Peek) || reader.Peek is ':' or '/'))
        {
            reader.Advance();
        }
        value = BareItem.FromToken(reader.Slice(start));
        error = "";
        return true;
    }

    private static bool TryParseByteSequence(ref Reader reader, out BareItem value, out string error)
    {
        reader.Advance();
        var start = reader.Position;
        while (!reader.AtEnd && reader.Peek != ':')
        {
            var c = reader.Peek;
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return Fail(out value, out error, "a byte sequence holds only Base64 characters");
            }
            reader.Advance();
        }
        if (reader.AtEnd)
        {
            return Fail(out value, out error, "a byte sequence without its closing ':'");
        }
        var base64 = reader.Slice(start);
        reader.Advance();
        // §4.2.7: parsers should not fail when '=' padding is missing.
        var unpadded = base64.TrimEnd('=');
        if (unpadded.Contains('=') || unpadded.Length % 4 == 1)
        {
            return Fail(out value, out error, "a byte sequence is not Base64");
        }
        var padded = unpadded + new string('=', (4 - unpadded.Length % 4) % 4);
        var bytes = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64String(padded, bytes, out var written))
        {
            return Fail(out value, out error, "a byte sequence is not Base64");
        }
        value = BareItem.FromBytes(bytes[..written]);
        error = "";
        return true;
    }

    private static bool TryParseBoolean(ref Reader reader, out BareItem value, out string error)
    {
        reader.Advance();
        if (reader.AtEnd || reader.Peek is not ('0' or '1'))
        {
            return Fail(out value, out error, "a boolean is ?0 or ?1");
        }
        value = BareItem.FromBoolean(reader.Take() == '1');
        error = "";
        return true;
    }

    private static bool TryParseDate(ref Reader reader, out BareItem value, out string error)
    {
        reader.Advance();
        if (!TryParseNumber(ref reader, out var number, out error))
        {
            value = default;
            return false;
        }
        if (number.Kind != BareItemKind.Integer)
        {
            return Fail(out value, out error, "a date is a whole number of seconds");
        }
        value = BareItem.FromDate(number.Integer);
        return true;
    }

    private static bool TryParseDisplayString(ref Reader reader, out BareItem value, out string error)
    {
        reader.Advance();
        if (reader.AtEnd || reader.Take() != '"')
        {
            return Fail(out value, out error, "a display string starts with %\"");
        }
        var bytes = new List<byte>();
        while (!reader.AtEnd)
        {
            var c = reader.Take();
            if (c is < ' ' or > '~')
            {
                return Fail(out value, out error, "a display string holds only visible ASCII and spaces");
            }
            if (c == '%')
            {
                if (reader.Remaining < 2 || !IsLowerHex(reader.PeekAt(0)) || !IsLowerHex(reader.PeekAt(1)))
                {
                    return Fail(out value, out error, "a display string escapes with two lowercase hex digits");
                }
                bytes.Add(byte.Parse(reader.Take2(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            }
            else if (c == '"')
            {
                try
                {
                    value = BareItem.FromDisplayString(StrictUtf8.GetString(bytes.ToArray()));
                }
                catch (DecoderFallbackException)
                {
                    return Fail(out value, out error, "a display string is not UTF-8");
                }
                error = "";
                return true;
            }
            else
            {
                bytes.Add((byte)c);
            }
        }
        return Fail(out value, out error, "a display string without its closing '\"'");
    }

    private static bool IsLowerHex(char c) => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f';

    /// <summary>tchar of RFC 9110 §5.6.2.</summary>
    private static bool IsTokenCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static bool Fail(out BareItem value, out string error, string reason)
    {
        value = default;
        error = reason;
        return false;
    }

    private ref struct Reader(string text)
    {
        private readonly string _text = text;

        public int Position { get; private set; }

        public readonly bool AtEnd => Position >= _text.Length;

        public readonly int Remaining => _text.Length - Position;

        /// <summary>The next character, or NUL at the end (a NUL never gets past the first check).</summary>
        public readonly char Peek => Position < _text.Length ? _text[Position] : '\0';

        public readonly char PeekAt(int ahead) => _text[Position + ahead];

        public void Advance() => Position++;

        public char Take() => _text[Position++];

        public string Take2()
        {
            var two = _text.Substring(Position, 2);
            Position += 2;
            return two;
        }

        public readonly string Slice(int start) => _text[start..Position];

        public void SkipSpaces()
        {
            while (!AtEnd && Peek == ' ')
            {
                Position++;
            }
        }

        /// <summary>OWS: spaces and tabs, allowed around the commas of lists and dictionaries.</summary>
        public void SkipOptionalWhitespace()
        {
            while (!AtEnd && Peek is ' ' or '\t')
            {
                Position++;
            }
        }
    }
}
