using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Clients;

/// <summary>The add-on's ES module with remotestorage.js in node (Tests/Integration/node/resumable-node.mjs).</summary>
[Collection(NodeAddOnCollection.Name)]
public sealed class NodeAddOnTests(ArmadiettoFixture fixture) : ResumableAddOnTests(fixture)
{
    protected override string Script => "Tests/Integration/node/resumable-node.mjs";
}
