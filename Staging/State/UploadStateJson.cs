using System.Text.Json;
using System.Text.Json.Serialization;

namespace RsResumeProxy.Staging.State;

/// <summary>The one JSON shape of <see cref="UploadState"/>, shared by every store.</summary>
public static class UploadStateJson
{
    public static byte[] Serialize(UploadState state) => JsonSerializer.SerializeToUtf8Bytes(state, UploadStateJsonContext.Default.UploadState);

    /// <summary>Parses a stored record. Returns null for anything that is not a complete record of
    /// the current format for <paramref name="expectedId"/>: a torn write, a foreign file, an old format.</summary>
    public static UploadState? TryDeserialize(ReadOnlySpan<byte> json, string expectedId, out string? problem)
    {
        try
        {
            var state = JsonSerializer.Deserialize(json, UploadStateJsonContext.Default.UploadState);
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

/// <summary>The serializer code for <see cref="UploadState"/>, written at build time rather than found
/// by reflection at run time (which native AOT cannot do): camelCase names, enums as their names,
/// nulls left out. Tests/Unit/Staging/StoredRecordJsonTests holds it to the bytes written before.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(UploadState))]
internal sealed partial class UploadStateJsonContext : JsonSerializerContext;
