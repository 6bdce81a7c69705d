namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>Test classes marked [Collection("proxied-s3")] share one <see cref="S3ProxiedBackendFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class S3ProxiedCollection : ICollectionFixture<S3ProxiedBackendFixture>
{
    public const string Name = "proxied-s3";
}
