using System.Text.Json;
using System.Text.Json.Serialization;

namespace RsResumeProxy.Staging.State;

/// <summary>The one JSON shape of <see cref="UploadState"/>, shared by every store.</summary>
public static class UploadStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize(UploadState state) => JsonSerializer.SerializeToUtf8Bytes(state, Options);

    /// <summary>Parses a stored record. Returns null for anything that is not a complete record of
    /// the current format for <paramref name="expectedId"/>: a torn write, a foreign file, an old format.</summary>
    public static UploadState? TryDeserialize(ReadOnlySpan<byte> json, string expectedId, out string? problem)
    {
        try
        {
            var state = JsonSerializer.Deserialize<UploadState>(json, Options);
            if (state is null) { problem = "empty record"; return null; }
            if (state.Format != UploadState.CurrentFormat) { problem = $"format {state.Format}, expected {UploadState.CurrentFormat}"; return null; }
            if (!string.Equals(state.Id, expectedId, StringComparison.Ordinal)) { problem = "record belongs to another upload id"; return null; }
            if (state.Length is < 0) { problem = "negative length"; return null; }
            problem = null;
            return state;
        }
        catch (JsonException ex)
        {
            problem = "unreadable JSON: " + ex.Message;
            return null;
        }
    }
}
