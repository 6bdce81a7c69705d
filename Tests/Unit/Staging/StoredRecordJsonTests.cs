using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using RsResumeProxy.Staging.ObjectStorage;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Tests.Staging;

/// <summary>
/// The upload state and the S3 staging manifest are serialized by code generated at build time.
/// Records written before that, by the reflection-based serializer with the options below, are still
/// on disk, in Redis and in buckets when the proxy is upgraded: the generated code must write
/// exactly the same bytes and read them back whole.
/// </summary>
public sealed class StoredRecordJsonTests
{
    // The options both records were written with before the serializer code was generated.
    private static readonly JsonSerializerOptions StateOptionsBefore = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    private static readonly JsonSerializerOptions ManifestOptionsBefore = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    // Every property set, so that each one's name and form is compared.
    private static readonly UploadState FullState = new()
    {
        Id = "0123abcd",
        DocumentPath = "/storage/alice/photos/a%20b.jpg",
        CredentialHash = "hmac-of-credential",
        StorageUser = "alice",
        Length = 1_234_567_890_123,
        ContentType = "image/jpeg",
        IfMatch = "\"etag-1\"",
        IfNoneMatch = "*",
        Metadata = "filename YS5qcGc=",
        Kind = UploadKind.Final,
        Concat = "final;/storage/alice/p1 /storage/alice/p2",
        Parts = ["p1", "p2"],
        ExpectedDigest = new DocumentDigest("sha-256", [1, 2, 3, 255]),
        CreatedAt = new DateTimeOffset(2026, 12, 2, 18, 0, 0, TimeSpan.Zero),
        StagingVolume = "volume-1",
        ExpiresAt = new DateTimeOffset(2026, 12, 3, 18, 0, 0, TimeSpan.FromHours(1)),
        Commit = new CommitOutcome(201, "\"etag-2\"", new DateTimeOffset(2026, 12, 2, 18, 5, 0, TimeSpan.Zero)),
        ExpiredAt = new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero),
    };

    // Only the required properties: the absent ones must stay absent, not be written as null.
    private static readonly UploadState SparseState = new() { Id = "x", DocumentPath = "/storage/bob/d", CredentialHash = "h" };

    public static TheoryData<string> States => new() { nameof(FullState), nameof(SparseState) };

    private static UploadState State(string name) => name == nameof(FullState) ? FullState : SparseState;

    [Theory]
    [MemberData(nameof(States))]
    public void UploadState_IsWrittenAsBefore(string name)
    {
        var state = State(name);
        var before = JsonSerializer.SerializeToUtf8Bytes(state, StateOptionsBefore);
        Assert.Equal(Encoding.UTF8.GetString(before), Encoding.UTF8.GetString(UploadStateJson.Serialize(state)));
    }

    [Theory]
    [MemberData(nameof(States))]
    public void UploadState_WrittenBefore_ReadsBackWhole(string name)
    {
        var state = State(name);
        var read = UploadStateJson.TryDeserialize(JsonSerializer.SerializeToUtf8Bytes(state, StateOptionsBefore), state.Id, out var problem);
        Assert.Null(problem);
        Assert.NotNull(read);
        // Records compare lists and arrays by reference: compare what they hold.
        Assert.Equal(state with { Parts = null, ExpectedDigest = null }, read with { Parts = null, ExpectedDigest = null });
        Assert.Equal(state.Parts, read.Parts);
        Assert.Equal(state.ExpectedDigest?.Algorithm, read.ExpectedDigest?.Algorithm);
        Assert.Equal(state.ExpectedDigest?.Value, read.ExpectedDigest?.Value);
    }

    [Fact]
    public void UploadState_EnumsAreWrittenByName()
    {
        var json = Encoding.UTF8.GetString(UploadStateJson.Serialize(FullState));
        Assert.Contains("\"kind\":\"Final\"", json);
    }

    [Fact]
    public void StagedObjectManifest_IsWrittenAsBefore_AndReadsBackWhole()
    {
        var manifest = new StagedObjectManifest
        {
            UploadKey = "uploads/0123abcd/data",
            MultipartId = "multipart-1",
            Parts = [new StagedPart(1, 8 * 1024 * 1024, "\"e1\""), new StagedPart(2, 8 * 1024 * 1024, "\"e2\"")],
            TailKey = "uploads/0123abcd/tail-3",
            TailLength = 12345,
        };
        var before = JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestOptionsBefore);
        Assert.Equal(Encoding.UTF8.GetString(before), Encoding.UTF8.GetString(manifest.Serialize()));

        var read = StagedObjectManifest.Deserialize(before, "uploads/0123abcd/manifest");
        Assert.Equal(manifest.Parts, read.Parts);
        Assert.Equal(manifest with { Parts = [] }, read with { Parts = [] });
        Assert.Equal(8 * 1024 * 1024 * 2 + 12345, read.Length);
    }
}
