namespace RsResumeProxy.StructuredFields;

/// <summary>An Item (RFC 9651 §3.3): a bare item with its parameters, in the order they came.</summary>
public sealed record StructuredItem(BareItem Value, IReadOnlyList<KeyValuePair<string, BareItem>> Parameters);
