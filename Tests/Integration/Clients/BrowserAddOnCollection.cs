using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Clients;

/// <summary>The add-on's Chromium tests, with an armadietto of their own so they run beside the
/// node ones.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserAddOnCollection : ICollectionFixture<ArmadiettoFixture>
{
    public const string Name = "add-on in chromium";
}
