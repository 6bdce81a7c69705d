using RsResumeProxy.Backend;

namespace RsResumeProxy.Uploads.Streaming;

/// <summary>A commit's PUT started while the body of a request is still arriving: its body, which
/// follows the staged file, the PUT in flight, and what cancels it.</summary>
internal sealed record StreamingCommit(StagedFileFollower Follower, Task<CommitResult> Put, CancellationTokenSource Cancel, long StartedAt)
{
    /// <summary>Started by an earlier request than the one that completes the upload (<see cref="OpenCommits"/>).</summary>
    public bool Ahead { get; init; }
}
