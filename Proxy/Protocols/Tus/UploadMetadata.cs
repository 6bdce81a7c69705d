using System.Text;

namespace RsResumeProxy.Protocols.Tus;

/// <summary>
/// The Upload-Metadata header: comma-separated "key base64value" pairs; a value may be empty and
/// then the space may be left out. Keys are unique and contain no spaces or commas. Whitespace
/// around commas is tolerated (tusd does; Uppy sends it). Decoded values are only used for the
/// document type and never echoed as headers: HEAD echoes the validated header as received.
/// </summary>
internal sealed class UploadMetadata
{
    private readonly Dictionary<string, byte[]> _pairs;

    private UploadMetadata(Dictionary<string, byte[]> pairs) => _pairs = pairs;

    public static readonly UploadMetadata Empty = new(new Dictionary<string, byte[]>());

    public int Count => _pairs.Count;

    public static bool TryParse(string? header, out UploadMetadata metadata, out string? error)
    {
        metadata = Empty;
        error = null;
        if (header is null)
        {
            return true;
        }
        if (header.Trim().Length == 0)
        {
            error = "Upload-Metadata is empty.";
            return false;
        }
        var pairs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var rawPairs = header.Split(',');
        for (var i = 0; i < rawPairs.Length; i++)
        {
            // Whitespace after a comma is tolerated; at the very start it would hide an empty key.
            var pair = i == 0 ? rawPairs[i].TrimEnd(' ', '\t') : rawPairs[i].Trim(' ', '\t');
            var space = pair.IndexOf(' ');
            var key = space < 0 ? pair : pair[..space];
            var encoded = space < 0 ? string.Empty : pair[(space + 1)..];
            if (key.Length == 0 || key.Any(c => c is ',' or ' ' or '\t' || char.IsControl(c) || c > 127))
            {
                error = "Upload-Metadata has an empty or invalid key.";
                return false;
            }
            if (encoded.Contains(' '))
            {
                error = $"Upload-Metadata value of '{key}' contains a space.";
                return false;
            }
            byte[] value;
            try
            {
                value = Convert.FromBase64String(encoded);
            }
            catch (FormatException)
            {
                error = $"Upload-Metadata value of '{key}' is not Base64.";
                return false;
            }
            if (!pairs.TryAdd(key, value))
            {
                error = $"Upload-Metadata repeats the key '{key}'.";
                return false;
            }
        }
        metadata = new UploadMetadata(pairs);
        return true;
    }

    /// <summary>The value as UTF-8 text, or null when absent or not valid UTF-8.</summary>
    public string? GetText(string key)
    {
        if (!_pairs.TryGetValue(key, out var bytes))
        {
            return null;
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>
    /// The document type the client asked for: metadata "filetype" (tus-js-client, Uppy), then
    /// "contentType", then "type". A value that is not a plausible media type (for example one with
    /// CR/LF that would smuggle a header into the final PUT) is ignored.
    /// </summary>
    public string? DocumentType()
    {
        foreach (var key in new[] { "filetype", "contentType", "type" })
        {
            var value = GetText(key);
            if (!string.IsNullOrWhiteSpace(value) && IsPlausibleMediaType(value))
            {
                return value;
            }
        }
        return null;
    }

    public static bool IsPlausibleMediaType(string value) =>
        value.Length <= 255 && value.Contains('/') && value.All(c => c >= 0x20 && c < 0x7f);
}
