using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance.OnS3;

/// <summary>The tests of <see cref="CommitReplayTests"/> with staging in S3 (moto_server).</summary>
[Collection(S3ProxiedCollection.Name)]
public sealed class CommitReplayOnS3Tests(S3ProxiedBackendFixture fixture) : CommitReplayTests(fixture);
