namespace RsResumeProxy.Staging.ObjectStorage;

/// <summary>A manifest as read from (or written to) the bucket, with the ETag that a later
/// replacement must match: a writer that lost the upload to another instance cannot overwrite
/// what that instance recorded since.</summary>
internal sealed record StoredManifest(StagedObjectManifest Manifest, string ETag);
