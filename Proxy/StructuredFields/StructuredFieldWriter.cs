using System.Globalization;

namespace RsResumeProxy.StructuredFields;

/// <summary>
/// RFC 9651 §4.1 serialisation of the few shapes this proxy writes: Integers, Booleans and
/// Dictionaries of Integers (Upload-Limit). Values outside what the format can carry are a bug in
/// the caller, so they throw rather than produce a field no client could read.
/// </summary>
public static class StructuredFieldWriter
{
    public const long MaxInteger = 999_999_999_999_999;

    public static string Integer(long value)
    {
        if (value is > MaxInteger or < -MaxInteger)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A structured-field integer has at most 15 digits.");
        }
        return value.ToString(CultureInfo.InvariantCulture);
    }

    public static string Boolean(bool value) => value ? "?1" : "?0";

    public static string IntegerDictionary(IEnumerable<KeyValuePair<string, long>> members) =>
        string.Join(", ", members.Select(m => Key(m.Key) + "=" + Integer(m.Value)));

    private static string Key(string key)
    {
        var valid = key.Length > 0
            && (char.IsAsciiLetterLower(key[0]) || key[0] == '*')
            && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '.' or '*');
        return valid ? key : throw new ArgumentException($"'{key}' is not a structured-field key.", nameof(key));
    }
}
