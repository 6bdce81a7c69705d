namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>Test classes marked [Collection("proxied")] share one <see cref="ProxiedBackendFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ProxiedCollection : ICollectionFixture<ProxiedBackendFixture>
{
    public const string Name = "proxied";
}
