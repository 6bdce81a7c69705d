using RsResumeProxy.StructuredFields;

namespace RsResumeProxy.Protocols.Rufh;

/// <summary>
/// The Upload-Limit field (an RFC 9651 Dictionary of Integers). The proxy announces it on OPTIONS,
/// on the 104, on creation answers and on offset retrieval; clients must respect it. Limits are a
/// function of configuration and of the upload's own expiry only, so they never tighten while an
/// upload runs.
/// </summary>
public sealed record UploadLimit(long? MaxSize, long MinSize, long? MaxAppendSize, long? MinAppendSize, long? MaxAge)
{
    /// <summary>
    /// Interop 6 (draft -04/-05) named the remaining lifetime <c>expires</c>; -06 renamed it
    /// <c>max-age</c>. Both mean seconds from when the answer is generated.
    /// </summary>
    public string ToFieldValue(int interopVersion)
    {
        var members = new List<KeyValuePair<string, long>>();
        if (MaxSize is { } maxSize)
        {
            members.Add(new("max-size", maxSize));
        }
        // "min-size=0" is what -09 on asks for when nothing else applies, and it is always true here.
        members.Add(new("min-size", MinSize));
        if (MaxAppendSize is { } maxAppend)
        {
            members.Add(new("max-append-size", maxAppend));
        }
        if (MinAppendSize is { } minAppend)
        {
            members.Add(new("min-append-size", minAppend));
        }
        if (MaxAge is { } maxAge)
        {
            members.Add(new(RufhInteropVersions.NamesLifetimeExpires(interopVersion) ? "expires" : "max-age", Math.Max(0, maxAge)));
        }
        return StructuredFieldWriter.IntegerDictionary(members);
    }

    /// <summary>
    /// A client's reading (the draft, "Upload-Limit"): unknown keys are ignored; a known key whose
    /// value is not an Integer makes the whole field invalid.
    /// </summary>
    public static UploadLimit? TryParse(string? field)
    {
        if (!StructuredFieldParser.TryParseDictionary(field, out var members, out _))
        {
            return null;
        }
        long? maxSize = null, minSize = null, maxAppend = null, minAppend = null, maxAge = null;
        foreach (var (key, member) in members)
        {
            if (key is not ("max-size" or "min-size" or "max-append-size" or "min-append-size" or "max-age" or "expires"))
            {
                continue;
            }
            if (member.Item?.Value is not { Kind: BareItemKind.Integer, Integer: >= 0 } value)
            {
                return null;
            }
            switch (key)
            {
                case "max-size": maxSize = value.Integer; break;
                case "min-size": minSize = value.Integer; break;
                case "max-append-size": maxAppend = value.Integer; break;
                case "min-append-size": minAppend = value.Integer; break;
                default: maxAge = value.Integer; break;
            }
        }
        return new UploadLimit(maxSize, minSize ?? 0, maxAppend, minAppend, maxAge);
    }
}
