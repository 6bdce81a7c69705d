using System.Text;
using System.Text.Json;

namespace RsResumeProxy.Discovery;

/// <summary>
/// Adds one property to the remoteStorage links of a WebFinger JRD (RFC 7033 §4.4) by splicing
/// bytes into the document as received: every other byte, whitespace and escapes included, stays
/// as the backend wrote it, so what a client parsed before still parses the same. A parse-and-
/// reserialize would re-escape strings and reformat numbers, which "everything else unchanged"
/// rules out. Anything that is not a well-formed JSON object, or a link too odd to edit without
/// guessing, comes back as <see cref="JrdRewriteKind.Malformed"/> and is passed on untouched.
/// </summary>
internal static class JrdRewriter
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <param name="document">The JRD as received (UTF-8, RFC 7033 §4.2).</param>
    /// <param name="rels">Link relations that name a remoteStorage account, compared without regard
    /// to case (RFC 8288 §2.1.2).</param>
    /// <param name="name">The property to add, e.g. https://tus.io/protocols/resumable-upload.</param>
    /// <param name="value">Its value, as a JSON string.</param>
    public static JrdRewriteOutcome AddLinkProperty(ReadOnlySpan<byte> document, IReadOnlyCollection<string> rels, string name, string value)
    {
        var bodyStart = document.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        var json = document[bodyStart..];
        List<JrdLink> links;
        try
        {
            links = ReadLinks(json, name, value);
        }
        catch (JsonException)
        {
            return new JrdRewriteOutcome(JrdRewriteKind.Malformed, null);
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString on invalid UTF-8 inside a string.
            return new JrdRewriteOutcome(JrdRewriteKind.Malformed, null);
        }

        var remoteStorageLinks = links.Where(link => link.Rel is not null && rels.Contains(link.Rel, StringComparer.OrdinalIgnoreCase)).ToList();
        if (remoteStorageLinks.Count == 0)
        {
            return new JrdRewriteOutcome(JrdRewriteKind.NoRemoteStorageLink, null);
        }
        if (remoteStorageLinks.Any(link => link.IsAmbiguous))
        {
            return new JrdRewriteOutcome(JrdRewriteKind.Malformed, null);
        }

        var encodedName = Encoding.UTF8.GetString(JsonEncodedText.Encode(name).EncodedUtf8Bytes);
        var encodedValue = Encoding.UTF8.GetString(JsonEncodedText.Encode(value).EncodedUtf8Bytes);
        var member = $"\"{encodedName}\":\"{encodedValue}\"";
        var splices = new List<Splice>();
        foreach (var link in remoteStorageLinks)
        {
            switch (link.Properties)
            {
                case JrdLink.PropertiesShape.Object when link.ExistingValueMatches:
                    break;
                case JrdLink.PropertiesShape.Object when link.ExistingValueStart >= 0:
                    splices.Add(new Splice(link.ExistingValueStart, link.ExistingValueEnd, $"\"{encodedValue}\""));
                    break;
                case JrdLink.PropertiesShape.Object when link.PropertiesEmpty:
                    splices.Add(new Splice(link.PropertiesOpen + 1, link.PropertiesOpen + 1, member));
                    break;
                case JrdLink.PropertiesShape.Object:
                    // Right after the last member's value, so the document's own layout reads on.
                    splices.Add(new Splice(link.PropertiesLastValueEnd, link.PropertiesLastValueEnd, "," + member));
                    break;
                case JrdLink.PropertiesShape.Null:
                    splices.Add(new Splice(link.PropertiesValueStart, link.PropertiesValueEnd, "{" + member + "}"));
                    break;
                case JrdLink.PropertiesShape.Absent when link.Empty:
                    splices.Add(new Splice(link.Close, link.Close, "\"properties\":{" + member + "}"));
                    break;
                case JrdLink.PropertiesShape.Absent:
                    splices.Add(new Splice(link.LastValueEnd, link.LastValueEnd, ",\"properties\":{" + member + "}"));
                    break;
                default:
                    return new JrdRewriteOutcome(JrdRewriteKind.Malformed, null);
            }
        }
        if (splices.Count == 0)
        {
            return new JrdRewriteOutcome(JrdRewriteKind.AlreadyPresent, null);
        }
        return new JrdRewriteOutcome(JrdRewriteKind.Rewritten, Apply(document, bodyStart, splices));
    }

    private static List<JrdLink> ReadLinks(ReadOnlySpan<byte> json, string name, string value)
    {
        var links = new List<JrdLink>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A JRD is a JSON object.");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isLinks = reader.ValueTextEquals("links"u8);
            reader.Read();
            if (isLinks && reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        links.Add(ReadLink(ref reader, name, value));
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }
        // Reading on past the root object throws for trailing content; a bare end is fine.
        if (reader.Read())
        {
            throw new JsonException("Content after the JRD object.");
        }
        return links;
    }

    /// <summary>Reads one link object; the reader starts on its '{' and ends on its '}'.</summary>
    private static JrdLink ReadLink(ref Utf8JsonReader reader, string name, string value)
    {
        var link = new JrdLink();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            link.Empty = false;
            if (reader.ValueTextEquals("rel"u8))
            {
                reader.Read();
                link.RelCount++;
                link.Rel = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("properties"u8))
            {
                reader.Read();
                link.PropertiesCount++;
                link.PropertiesValueStart = reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        link.Properties = JrdLink.PropertiesShape.Object;
                        ReadProperties(ref reader, link, name, value);
                        break;
                    case JsonTokenType.Null:
                        link.Properties = JrdLink.PropertiesShape.Null;
                        break;
                    default:
                        link.Properties = JrdLink.PropertiesShape.Other;
                        reader.Skip();
                        break;
                }
                link.PropertiesValueEnd = reader.BytesConsumed;
            }
            else
            {
                reader.Skip();
            }
            link.LastValueEnd = reader.BytesConsumed;
        }
        link.Close = reader.TokenStartIndex;
        return link;
    }

    /// <summary>Reads a properties object; the reader starts on its '{' and ends on its '}'.</summary>
    private static void ReadProperties(ref Utf8JsonReader reader, JrdLink link, string name, string value)
    {
        link.PropertiesOpen = reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            link.PropertiesEmpty = false;
            if (reader.ValueTextEquals(name))
            {
                reader.Read();
                link.ExistingCount++;
                link.ExistingValueStart = reader.TokenStartIndex;
                link.ExistingValueMatches = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(value);
                reader.Skip();
                link.ExistingValueEnd = reader.BytesConsumed;
            }
            else
            {
                reader.Skip();
            }
            link.PropertiesLastValueEnd = reader.BytesConsumed;
        }
    }

    private static byte[] Apply(ReadOnlySpan<byte> document, int bodyStart, List<Splice> splices)
    {
        splices.Sort((a, b) => a.Start.CompareTo(b.Start));
        using var output = new MemoryStream(document.Length + splices.Count * 64);
        var copied = 0;
        foreach (var splice in splices)
        {
            var start = bodyStart + (int)splice.Start;
            output.Write(document[copied..start]);
            output.Write(Encoding.UTF8.GetBytes(splice.Text));
            copied = bodyStart + (int)splice.End;
        }
        output.Write(document[copied..]);
        return output.ToArray();
    }

    /// <summary>Replace the bytes [Start, End) of the JSON text with Text (Start == End inserts).</summary>
    private readonly record struct Splice(long Start, long End, string Text);
}
