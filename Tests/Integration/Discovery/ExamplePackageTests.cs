using System.Text.Json.Nodes;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Discovery;

/// <summary>The browser test serves the example with testenv's bundles; that only proves something
/// about the example if both pin the same versions.</summary>
public class ExamplePackageTests
{
    private static JsonObject Dependencies(string packageJson) =>
        JsonNode.Parse(File.ReadAllText(packageJson))!["dependencies"]!.AsObject();

    [Fact]
    public void ExampleAndTestEnvironment_PinTheSameRemoteStorageJs()
    {
        var example = Dependencies(Path.Combine(ExamplePage.SourceDirectory, "package.json"))["remotestoragejs"]!.GetValue<string>();
        var tests = Dependencies(Path.Combine(RepositoryPaths.TestEnv, "package.json"))["remotestoragejs"]!.GetValue<string>();

        Assert.Equal(tests, example);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[\w.]+)?$", example);
    }

    /// <summary>The example uploads with the add-on in this repository (the bundle the browser
    /// test serves), not with a tus client of its own.</summary>
    [Fact]
    public void Example_UsesTheAddOnOfThisRepository()
    {
        var dependencies = Dependencies(Path.Combine(ExamplePage.SourceDirectory, "package.json"));

        Assert.Equal("file:../../clients/remotestorage-resumable", dependencies["remotestorage-resumable"]!.GetValue<string>());
        Assert.False(dependencies.ContainsKey("tus-js-client"));
        var page = File.ReadAllText(Path.Combine(ExamplePage.SourceDirectory, "index.html"));
        Assert.Contains("<script src=\"lib/remotestorage-resumable.js\"></script>", page);
    }
}
