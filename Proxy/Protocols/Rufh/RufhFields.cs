using Microsoft.Extensions.Primitives;
using RsResumeProxy.StructuredFields;

namespace RsResumeProxy.Protocols.Rufh;

/// <summary>
/// Reads the draft's request fields as the draft defines them: RFC 9651 Items, where a field that
/// does not parse, or holds another type, "MUST be ignored", which is to say it counts as absent
/// (a required one then gives 400). Parameters are allowed and ignored. Several lines of one field
/// are combined first, so a repeated Item field is invalid too.
/// </summary>
public static class RufhFields
{
    /// <summary>Upload-Offset, Upload-Length, Upload-Draft-Interop-Version: a non-negative Integer (at most 15 digits), or null.</summary>
    public static long? NonNegativeInteger(StringValues field) =>
        TryReadItem(field) is { Kind: BareItemKind.Integer, Integer: >= 0 } value ? value.Integer : null;

    /// <summary>Upload-Complete: ?1 or ?0, or null.</summary>
    public static bool? Boolean(StringValues field) =>
        TryReadItem(field) is { Kind: BareItemKind.Boolean } value ? value.Boolean : null;

    private static BareItem? TryReadItem(StringValues field)
    {
        if (StringValues.IsNullOrEmpty(field))
        {
            return null;
        }
        var text = field.Count == 1 ? field[0] : string.Join(", ", field.ToArray());
        return StructuredFieldParser.TryParseItem(text, out var item, out _) ? item.Value : null;
    }
}
