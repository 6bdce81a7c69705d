using System.Text;

namespace RsResumeProxy.Integrity;

/// <summary>
/// Just enough of RFC 9651 (structured fields) to read a dictionary whose interesting members are
/// byte sequences, as Repr-Digest is. Members of any other type are skipped correctly (strings,
/// tokens, numbers, booleans, inner lists, parameters) and reported with a null value, so unknown
/// algorithms never break parsing.
/// </summary>
public static class StructuredDictionary
{
    public static bool TryParseByteSequences(string text, out List<(string Key, byte[]? Value)> members, out string? error)
    {
        members = [];
        error = null;
        var i = SkipSpaces(text, 0);
        if (i == text.Length)
        {
            error = "empty";
            return false;
        }
        while (true)
        {
            var keyStart = i;
            if (i >= text.Length || !(char.IsAsciiLetterLower(text[i]) || text[i] == '*'))
            {
                error = $"a key must start with a lowercase letter at position {i}";
                return false;
            }
            while (i < text.Length && (char.IsAsciiLetterLower(text[i]) || char.IsAsciiDigit(text[i]) || text[i] is '_' or '-' or '.' or '*'))
            {
                i++;
            }
            var key = text[keyStart..i];
            byte[]? value = null;
            if (i < text.Length && text[i] == '=')
            {
                i++;
                if (i < text.Length && text[i] == ':')
                {
                    var end = text.IndexOf(':', i + 1);
                    if (end < 0)
                    {
                        error = $"unterminated byte sequence for '{key}'";
                        return false;
                    }
                    try
                    {
                        value = Convert.FromBase64String(text[(i + 1)..end]);
                    }
                    catch (FormatException)
                    {
                        error = $"the byte sequence of '{key}' is not Base64";
                        return false;
                    }
                    i = end + 1;
                }
                else if (!TrySkipItem(text, ref i))
                {
                    error = $"unreadable value for '{key}'";
                    return false;
                }
            }
            if (!TrySkipParameters(text, ref i))
            {
                error = $"unreadable parameters for '{key}'";
                return false;
            }
            members.Add((key, value));
            i = SkipSpaces(text, i);
            if (i == text.Length)
            {
                return true;
            }
            if (text[i] != ',')
            {
                error = $"expected ',' at position {i}";
                return false;
            }
            i = SkipSpaces(text, i + 1);
            if (i == text.Length)
            {
                error = "trailing comma";
                return false;
            }
        }
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }
        return i;
    }

    private static bool TrySkipParameters(string text, ref int i)
    {
        while (i < text.Length && text[i] == ';')
        {
            i = SkipSpaces(text, i + 1);
            var start = i;
            while (i < text.Length && (char.IsAsciiLetterLower(text[i]) || char.IsAsciiDigit(text[i]) || text[i] is '_' or '-' or '.' or '*'))
            {
                i++;
            }
            if (i == start)
            {
                return false;
            }
            if (i < text.Length && text[i] == '=')
            {
                i++;
                if (!TrySkipBareItem(text, ref i))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static bool TrySkipItem(string text, ref int i)
    {
        if (i < text.Length && text[i] == '(')
        {
            i++;
            while (true)
            {
                i = SkipSpaces(text, i);
                if (i >= text.Length)
                {
                    return false;
                }
                if (text[i] == ')')
                {
                    i++;
                    return TrySkipParameters(text, ref i);
                }
                if (!TrySkipBareItem(text, ref i) || !TrySkipParameters(text, ref i))
                {
                    return false;
                }
            }
        }
        return TrySkipBareItem(text, ref i);
    }

    private static bool TrySkipBareItem(string text, ref int i)
    {
        if (i >= text.Length)
        {
            return false;
        }
        switch (text[i])
        {
            case '"':
                for (i++; i < text.Length; i++)
                {
                    if (text[i] == '\\')
                    {
                        i++;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        return true;
                    }
                }
                return false;
            case ':':
                var end = text.IndexOf(':', i + 1);
                if (end < 0)
                {
                    return false;
                }
                i = end + 1;
                return true;
            case '?':
                if (i + 1 < text.Length && text[i + 1] is '0' or '1')
                {
                    i += 2;
                    return true;
                }
                return false;
            default:
                var start = i;
                while (i < text.Length && text[i] is not (',' or ';' or ' ' or '\t' or ')' or '('))
                {
                    i++;
                }
                return i > start;
        }
    }
}
