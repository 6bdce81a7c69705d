using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Clients;

/// <summary>The add-on's node tests, with an armadietto of their own so they run beside the
/// browser ones.</summary>
[CollectionDefinition(Name)]
public sealed class NodeAddOnCollection : ICollectionFixture<ArmadiettoFixture>
{
    public const string Name = "add-on in node";
}
