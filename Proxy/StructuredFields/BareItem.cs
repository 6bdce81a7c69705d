namespace RsResumeProxy.StructuredFields;

/// <summary>
/// One value of a structured field (RFC 9651 §3.3). Integers and dates are whole numbers of at most
/// 15 digits, so a long holds them; strings, tokens and display strings share <see cref="Text"/>.
/// </summary>
public readonly record struct BareItem
{
    private BareItem(BareItemKind kind, long integer = 0, decimal @decimal = 0, string? text = null, byte[]? bytes = null)
    {
        Kind = kind;
        Integer = integer;
        Decimal = @decimal;
        Text = text;
        Bytes = bytes;
    }

    public BareItemKind Kind { get; }

    /// <summary>The value of an Integer or a Date (seconds since the epoch), or 1/0 for a Boolean.</summary>
    public long Integer { get; }

    public decimal Decimal { get; }

    /// <summary>The value of a String, Token or Display String.</summary>
    public string? Text { get; }

    public byte[]? Bytes { get; }

    public bool Boolean => Kind == BareItemKind.Boolean && Integer == 1;

    public static BareItem FromInteger(long value) => new(BareItemKind.Integer, integer: value);

    public static BareItem FromDecimal(decimal value) => new(BareItemKind.Decimal, @decimal: value);

    public static BareItem FromString(string value) => new(BareItemKind.String, text: value);

    public static BareItem FromToken(string value) => new(BareItemKind.Token, text: value);

    public static BareItem FromBytes(byte[] value) => new(BareItemKind.ByteSequence, bytes: value);

    public static BareItem FromBoolean(bool value) => new(BareItemKind.Boolean, integer: value ? 1 : 0);

    public static BareItem FromDate(long secondsSinceEpoch) => new(BareItemKind.Date, integer: secondsSinceEpoch);

    public static BareItem FromDisplayString(string value) => new(BareItemKind.DisplayString, text: value);
}
