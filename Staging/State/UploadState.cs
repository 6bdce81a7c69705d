using System.Text.Json.Serialization;

namespace RsResumeProxy.Staging.State;

/// <summary>
/// Everything the proxy remembers about one pending (or just committed) upload. The staged bytes
/// are not here: the staged file's length is the offset, the one source of truth.
/// Tokens are never part of this record; only <see cref="CredentialHash"/>, a keyed hash.
/// </summary>
public sealed record UploadState
{
    /// <summary>Bumped when the stored shape changes incompatibly; older files are reported, not trusted.</summary>
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    /// <summary>Derived from (document path, credential hash); names the staged file and the state record.</summary>
    public required string Id { get; init; }

    /// <summary>The document URL path exactly as the client wrote it, percent-encoding included.</summary>
    public required string DocumentPath { get; init; }

    public required string CredentialHash { get; init; }

    /// <summary>The RS user named in the storage path (for the per-user caps); absent in records
    /// written before it was kept.</summary>
    public string? StorageUser { get; init; }

    /// <summary>Total length in bytes, or null while the client defers it (creation-defer-length).</summary>
    public long? Length { get; init; }

    /// <summary>The document's Content-Type for the final PUT; null sends none.</summary>
    public string? ContentType { get; init; }

    public string? IfMatch { get; init; }

    public string? IfNoneMatch { get; init; }

    /// <summary>The client's Upload-Metadata header, validated, echoed on HEAD.</summary>
    public string? Metadata { get; init; }

    public UploadKind Kind { get; init; } = UploadKind.Document;

    /// <summary>The Upload-Concat value as received, for partial and final uploads.</summary>
    public string? Concat { get; init; }

    /// <summary>For a final concatenation: the ids of the partial uploads, in order.</summary>
    public IReadOnlyList<string>? Parts { get; init; }

    /// <summary>Whole-document digest declared at creation (for example "sha-256"), verified before the commit.</summary>
    public DocumentDigest? ExpectedDigest { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The <see cref="Files.StagingArea.VolumeId"/> of the staging volume holding the bytes;
    /// null in records written before volumes were recorded (then any volume is trusted).</summary>
    public string? StagingVolume { get; init; }

    /// <summary>When this pending upload expires if nothing touches it (sliding).</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Set once the backend accepted the document; the staged bytes are then gone.</summary>
    public CommitOutcome? Commit { get; init; }

    /// <summary>Set by the expiry sweeper: the bytes are gone, the upload answers 410 until forgotten.</summary>
    public DateTimeOffset? ExpiredAt { get; init; }

    [JsonIgnore]
    public bool IsCommitted => Commit is not null;

    [JsonIgnore]
    public bool IsExpired => ExpiredAt is not null;

    // The lifecycle, in one place: pending (taking bytes) → committed (the backend accepted; the
    // outcome is remembered for CommittedRetention) or expired (the sweeper removed the bytes; a
    // tombstone answers 410 for another ExpireAfter) → forgotten (the record is removed).

    /// <summary>Neither committed nor swept: the upload takes bytes, unless its time ran out.</summary>
    [JsonIgnore]
    public bool IsPending => !IsCommitted && !IsExpired;

    /// <summary>Pending and within its (sliding) expiry: the upload can be used now.</summary>
    public bool IsLiveAt(DateTimeOffset now) => IsPending && ExpiresAt > now;

    /// <summary>Whether the upload must be answered as expired (410): swept already, or pending
    /// past its expiry but not swept yet.</summary>
    public bool HasExpiredAt(DateTimeOffset now) => IsExpired || (IsPending && ExpiresAt <= now);

    /// <summary>A committed upload whose outcome is no longer remembered: it answers as unknown.</summary>
    public bool HasOutlivedRetentionAt(DateTimeOffset now) => IsCommitted && ExpiresAt <= now;

    /// <summary>Whether the sweeper should remove the bytes and leave a tombstone.</summary>
    public bool ShouldExpireAt(DateTimeOffset now) => IsPending && ExpiresAt <= now;

    /// <summary>Whether the sweeper should remove the record itself: a committed upload past its
    /// retention, or a tombstone older than <paramref name="tombstoneLife"/>.</summary>
    public bool IsForgettableAt(DateTimeOffset now, TimeSpan tombstoneLife) =>
        IsCommitted ? ExpiresAt <= now : IsExpired && ExpiredAt + tombstoneLife <= now;

    /// <summary>Whether the staged bytes of this pending upload are on a staging store other than
    /// <paramref name="volumeId"/> (records written before volumes were recorded trust any).</summary>
    public bool IsStagedElsewhereThan(string volumeId) => IsPending && StagingVolume is { } volume && volume != volumeId;

    /// <summary>Whether the upload has staged bytes of its own: a final concatenation's are its parts'.</summary>
    [JsonIgnore]
    public bool HasOwnStagedBytes => IsPending && Kind != UploadKind.Final;
}
