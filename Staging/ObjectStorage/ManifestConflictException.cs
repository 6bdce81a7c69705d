namespace RsResumeProxy.Staging.ObjectStorage;

/// <summary>The manifest changed since it was read: another instance took the upload over (this
/// one lost its lock). Nothing more may be recorded; the other instance's record is the truth.</summary>
internal sealed class ManifestConflictException(string key)
    : Exception($"The staging manifest {key} was changed by another writer.");
