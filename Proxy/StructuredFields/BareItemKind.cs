namespace RsResumeProxy.StructuredFields;

/// <summary>The types a bare item can have (RFC 9651 §3.3).</summary>
public enum BareItemKind
{
    Integer,
    Decimal,
    String,
    Token,
    ByteSequence,
    Boolean,
    Date,
    DisplayString,
}
