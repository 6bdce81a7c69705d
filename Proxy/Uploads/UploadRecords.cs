using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads;

/// <summary>The one place new upload records are made, so every kind of upload carries the same
/// facts (its staging volume above all, which tells other instances where its bytes are).</summary>
internal sealed class UploadRecords(IStagingStore staging, IOptions<ResumableUploadOptions> options, TimeProvider time)
{
    public UploadState New(UploadTarget target, string id, UploadKind kind, long? length, string? documentType,
        string? ifMatch, string? ifNoneMatch, string? metadata, string? concat, DocumentDigest? expectedDigest,
        IReadOnlyList<string>? parts = null)
    {
        var now = time.GetUtcNow();
        return new UploadState
        {
            Id = id,
            DocumentPath = target.DocumentPath,
            CredentialHash = target.CredentialHash,
            StorageUser = StoragePath.UserOf(target.DocumentPath, options.Value.StoragePathPrefix),
            Length = length,
            ContentType = documentType,
            IfMatch = ifMatch,
            IfNoneMatch = ifNoneMatch,
            Metadata = metadata,
            Kind = kind,
            Concat = concat,
            Parts = parts,
            ExpectedDigest = expectedDigest,
            CreatedAt = now,
            ExpiresAt = now + options.Value.ExpireAfter,
            StagingVolume = staging.VolumeId,
        };
    }

    public UploadState New(CreateUpload command, string id) =>
        New(command.Target, id, command.Kind, command.Length, command.DocumentType, command.IfMatch, command.IfNoneMatch,
            command.Metadata, command.Concat, command.ExpectedDigest);

    public UploadState New(CreateFinalUpload command, long length) =>
        New(command.Target, command.Target.UploadId, UploadKind.Final, length, command.DocumentType, command.IfMatch,
            command.IfNoneMatch, command.Metadata, command.Concat, command.ExpectedDigest, command.PartIds.ToArray());

    /// <summary>The record touched by a request: its sliding expiry moves on.</summary>
    public UploadState Touched(UploadState state) => state with { ExpiresAt = time.GetUtcNow() + options.Value.ExpireAfter };

    /// <summary>
    /// The record touched by a request, and whether it must be written. A record that differs from the
    /// stored one only by its sliding expiry, moved on by less than a hundredth of ExpireAfter (under
    /// 15 minutes of the default day), is not rewritten and keeps its stored expiry: every PATCH
    /// rewrote it with an fsync and a rename, about half of a small PATCH's fixed cost, for an
    /// expiry that moved by the length of one request.
    /// </summary>
    public (UploadState State, bool Save) TouchedFor(UploadState state, UploadState stored)
    {
        var touched = Touched(state);
        var unchanged = (state with { ExpiresAt = stored.ExpiresAt }) == stored;
        return unchanged && touched.ExpiresAt - stored.ExpiresAt < options.Value.ExpireAfter / 100
            ? (stored, false)
            : (touched, true);
    }
}
