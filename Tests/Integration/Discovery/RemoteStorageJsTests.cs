using System.Text.Json.Nodes;
using RsResumeProxy.Discovery;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Discovery;

/// <summary>
/// The RS reference client, remotestorage.js 2.0.0-beta.10 unchanged, run in node against
/// armadietto through the proxy (Tests/Integration/node/rsjs-client.mjs): discovery, then documents stored,
/// read, listed and deleted, and the resumable-upload property among its remote's properties.
/// </summary>
[Collection(ProxiedCollection.Name)]
public sealed class RemoteStorageJsTests(ProxiedBackendFixture fixture) : ProxiedTest(fixture)
{
    [Fact]
    public async Task RemoteStorageJs_ConnectsStoresReadsListsAndDeletes_AndSeesTheResumableProperty()
    {
        var folder = ProxiedBackendFixture.UniqueFolder(nameof(RemoteStorageJsTests));

        var run = await NodeScript.RunAsync("Tests/Integration/node/rsjs-client.mjs", new Dictionary<string, string>
        {
            ["RS_ADDRESS"] = $"{Fixture.Backend.User}@{Fixture.Proxy.Address.Authority}",
            ["RS_TOKEN"] = Tus.Token,
            ["RS_FOLDER"] = folder,
        });

        Assert.True(run.ExitCode == 0, $"rsjs-client.mjs exited {run.ExitCode}\n{run.StdErr}\n{run.StdOut}");
        var result = JsonNode.Parse(run.StdOut.Trim().Split('\n')[^1])!;
        Assert.Equal(Fixture.ProxiedRoot, result["href"]!.GetValue<string>());
        Assert.Equal("1.0.0", result["properties"]![WebFingerTransform.ResumableUploadProperty]!.GetValue<string>());
        Assert.Equal($"{Fixture.Proxy.Origin}/oauth/{Fixture.Backend.User}",
            result["properties"]!["http://tools.ietf.org/html/rfc6749#section-4.2"]!.GetValue<string>());

        var storedRevision = result["storeText"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(storedRevision));
        Assert.Equal("Hello through the proxy: caf\u00e9 \u2713", result["readText"]!["data"]!.GetValue<string>());
        Assert.Equal("text/plain; charset=utf-8", result["readText"]!["contentType"]!.GetValue<string>());
        Assert.Equal(storedRevision, result["readText"]!["revision"]!.GetValue<string>());
        Assert.True(result["readBinary"]!["same"]!.GetValue<bool>(), result["readBinary"]!.ToJsonString());

        var listing = result["listing"]!.AsObject();
        Assert.Equal(262_144, listing["blob.bin"]!["Content-Length"]!.GetValue<int>());
        Assert.True(listing.ContainsKey("notes/"));
        Assert.Equal(storedRevision, result["notesListing"]!["hello.txt"]!["ETag"]!.GetValue<string>());

        Assert.Equal(200, result["removeText"]!["statusCode"]!.GetValue<int>());
        Assert.Equal(200, result["removeBinary"]!["statusCode"]!.GetValue<int>());
        Assert.Null(result["afterRemove"]!["data"]);

        // The backend agrees: the documents are gone.
        Assert.Equal(404, (await Tus.GetAsync($"{Fixture.DirectRoot}/documents/{folder}/notes/hello.txt")).Status);
        Assert.Equal(404, (await Tus.GetAsync($"{Fixture.DirectRoot}/documents/{folder}/blob.bin")).Status);
    }
}
