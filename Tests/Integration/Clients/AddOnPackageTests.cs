using System.Text.Json.Nodes;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Clients;

/// <summary>The add-on package itself: its own tests (clients/remotestorage-resumable/test), and
/// the versions it pins, which must be the ones the end-to-end tests run.</summary>
public sealed class AddOnPackageTests
{
    private static JsonNode PackageJson(string directory) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "package.json")))!;

    [Fact]
    public async Task PackageTests_Pass()
    {
        AddOnPackage.AssertInstalled();

        var run = await NodeScript.RunAsync(Path.Combine(AddOnPackage.Directory, "test", "unit.test.mjs"), new Dictionary<string, string>());

        Assert.True(run.ExitCode == 0, $"unit.test.mjs exited {run.ExitCode}\n{run.StdOut}\n{run.StdErr}");
        Assert.Contains("# fail 0", run.StdOut);
        Assert.Matches(@"# pass [1-9]\d*", run.StdOut);
    }

    [Fact]
    public void TusClient_IsTheOneTheTestsPin()
    {
        var addOn = PackageJson(AddOnPackage.Directory)["dependencies"]!["tus-js-client"]!.GetValue<string>();
        var tests = PackageJson(RepositoryPaths.TestEnv)["dependencies"]!["tus-js-client"]!.GetValue<string>();
        Assert.Equal(tests, addOn);
    }

    [Fact]
    public void RemoteStorageJs_IsAPeer_FromTheVersionTheTestsRun()
    {
        var package = PackageJson(AddOnPackage.Directory);
        var tests = PackageJson(RepositoryPaths.TestEnv)["dependencies"]!["remotestoragejs"]!.GetValue<string>();
        Assert.Equal($">={tests}", package["peerDependencies"]!["remotestoragejs"]!.GetValue<string>());
        Assert.Null(package["dependencies"]!["remotestoragejs"]);
        Assert.True(File.Exists(Path.Combine(AddOnPackage.Directory, "package-lock.json")), "the add-on's npm packages are not pinned");
    }
}
