namespace RsResumeProxy.Staging.State;

/// <summary>
/// The owners a pending upload counts against, as index keys: its credential and the RS user named
/// in its storage path. Stores index pending uploads under these keys, so a quota check reads only
/// the records of one owner, never the whole store.
/// </summary>
public static class UploadOwners
{
    public static string Credential(string credentialHash) => "credential:" + credentialHash;

    public static string StorageUser(string user) => "user:" + user;

    /// <summary>Whether the record holds staged bytes that count against its owners: not committed,
    /// not expired, and not a final concatenation (whose bytes are its parts').</summary>
    public static bool IsPending(UploadState state) => state.HasOwnStagedBytes;

    public static IEnumerable<string> Of(UploadState state)
    {
        yield return Credential(state.CredentialHash);
        if (state.StorageUser is { Length: > 0 } user)
        {
            yield return StorageUser(user);
        }
    }

    public static bool Owns(UploadState state, string owner) => Of(state).Contains(owner, StringComparer.Ordinal);
}
