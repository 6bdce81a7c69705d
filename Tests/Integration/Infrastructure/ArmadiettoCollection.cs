using Xunit;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// xunit collection "armadietto": test classes marked <c>[Collection("armadietto")]</c> share one
/// <see cref="ArmadiettoFixture"/> (take it as a constructor parameter) and run sequentially with each other.
/// </summary>
[CollectionDefinition("armadietto")]
public sealed class ArmadiettoCollection : ICollectionFixture<ArmadiettoFixture>
{
    /// <summary>The collection name to use in <c>[Collection(...)]</c>.</summary>
    public const string Name = "armadietto";
}
