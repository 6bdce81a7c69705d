namespace RsResumeProxy.StructuredFields;

/// <summary>
/// A member of a List or a Dictionary (RFC 9651 §3.1, §3.2): either one Item or an Inner List,
/// with the parameters that follow it.
/// </summary>
public sealed record StructuredMember(
    StructuredItem? Item,
    IReadOnlyList<StructuredItem>? InnerList,
    IReadOnlyList<KeyValuePair<string, BareItem>> Parameters)
{
    public bool IsInnerList => InnerList is not null;
}
