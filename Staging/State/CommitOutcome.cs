namespace RsResumeProxy.Staging.State;

/// <summary>The backend's answer to the one PUT of a finished upload, kept so that a client that
/// lost the final response learns the outcome instead of uploading again.</summary>
public sealed record CommitOutcome(int StatusCode, string? ETag, DateTimeOffset CommittedAt);
