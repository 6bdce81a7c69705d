using System.Text.Json;
using System.Text.Json.Serialization;

namespace RsResumeProxy.Staging.ObjectStorage;

/// <summary>
/// The one record that says what an upload's staged bytes are in the bucket, kept as a small JSON
/// object beside them and only ever replaced whole (a PUT is atomic) and, after creation, only
/// with If-Match on the ETag it was read with. Every other object is written first under a
/// new name and only then named here, so a crash at any step leaves the previous record, still
/// true, and at worst an object nobody names (removed with the upload).
/// The staged bytes are, in order:
/// <list type="bullet">
/// <item>when <see cref="SealedKey"/> is set: the first <see cref="SealedLength"/> bytes of that
/// object, the multipart upload completed for reading;</item>
/// <item>otherwise: the <see cref="Parts"/> of the multipart upload <see cref="MultipartId"/>
/// (full-size parts, except the short last one a seal adds), then the <see cref="TailLength"/>
/// bytes of the object <see cref="TailKey"/>, too short to be a part yet.</item>
/// </list>
/// </summary>
public sealed record StagedObjectManifest
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    /// <summary>Key of the multipart upload (and of the object completing it); null until the first part.</summary>
    public string? UploadKey { get; init; }

    /// <summary>S3's id of the multipart upload at <see cref="UploadKey"/>.</summary>
    public string? MultipartId { get; init; }

    public IReadOnlyList<StagedPart> Parts { get; init; } = [];

    /// <summary>The object holding the bytes after the parts; null when there are none.</summary>
    public string? TailKey { get; init; }

    public long TailLength { get; init; }

    /// <summary>
    /// Set while the multipart upload is being completed for reading: <see cref="Parts"/> already
    /// include the tail as the last part, and whoever reads this record next finishes the completion
    /// before anything else (the completion may or may not have happened before a crash).
    /// </summary>
    public bool Sealing { get; init; }

    /// <summary>The completed object; the staged bytes are its first <see cref="SealedLength"/>.</summary>
    public string? SealedKey { get; init; }

    public long SealedLength { get; init; }

    [JsonIgnore]
    public bool IsSealed => SealedKey is not null;

    [JsonIgnore]
    public long PartsLength => Parts.Sum(p => p.Size);

    /// <summary>How many bytes are staged: the upload's offset.</summary>
    [JsonIgnore]
    public long Length => IsSealed ? SealedLength : PartsLength + TailLength;

    public static StagedObjectManifest Empty { get; } = new();

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, StagedObjectManifestJsonContext.Default.StagedObjectManifest);

    /// <summary>Parses a stored record; anything else (a foreign object, another format) is a
    /// <see cref="InvalidDataException"/>: the bucket holds something this store did not write.</summary>
    public static StagedObjectManifest Deserialize(ReadOnlySpan<byte> json, string key)
    {
        StagedObjectManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(json, StagedObjectManifestJsonContext.Default.StagedObjectManifest);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The staging manifest {key} is unreadable: {ex.Message}", ex);
        }
        if (manifest is null || manifest.Format != CurrentFormat)
        {
            throw new InvalidDataException($"The staging manifest {key} is not of format {CurrentFormat}.");
        }
        return manifest;
    }
}

/// <summary>The serializer code for <see cref="StagedObjectManifest"/>, written at build time rather
/// than found by reflection at run time (which native AOT cannot do): camelCase names, nulls left out. Tests/Unit/Staging/StoredRecordJsonTests holds it to the bytes written before.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StagedObjectManifest))]
internal sealed partial class StagedObjectManifestJsonContext : JsonSerializerContext;
