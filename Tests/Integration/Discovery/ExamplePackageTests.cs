using System.Text.Json.Nodes;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Discovery;

/// <summary>The browser test serves the example with testenv's bundles; that only proves something
/// about the example if both pin the same versions.</summary>
public class ExamplePackageTests
{
    private static JsonObject Dependencies(string packageJson) =>
        JsonNode.Parse(File.ReadAllText(packageJson))!["dependencies"]!.AsObject();

    [Theory]
    [InlineData("remotestoragejs")]
    [InlineData("tus-js-client")]
    public void ExampleAndTestEnvironment_PinTheSameVersion(string package)
    {
        var example = Dependencies(Path.Combine(ExamplePage.SourceDirectory, "package.json"))[package]!.GetValue<string>();
        var tests = Dependencies(Path.Combine(RepositoryPaths.TestEnv, "package.json"))[package]!.GetValue<string>();

        Assert.Equal(tests, example);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[\w.]+)?$", example);
    }
}
