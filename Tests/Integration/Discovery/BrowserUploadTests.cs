using System.Security.Cryptography;
using System.Text.Json.Nodes;
using RsResumeProxy.Tests.Clients;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Discovery;

/// <summary>
/// examples/browser in a real headless Chromium (Debian's /usr/bin/chromium, driven by
/// playwright-core through Tests/Integration/node/browser-upload.mjs), uploading with the
/// remotestorage-resumable add-on. The page comes from one proxy and
/// talks to another on a different loopback port, so every request is cross-origin and CORS is
/// what the browser enforces, not what a test assumes: WebFinger, preflights, tus answers whose
/// Upload-Offset and ETag the page must read.
/// </summary>
[Collection(ProxiedCollection.Name)]
public sealed class BrowserUploadTests(ProxiedBackendFixture fixture) : ProxiedTest(fixture)
{
    private const string Chromium = "/usr/bin/chromium";
    private const int FileSize = 40 * 1024 * 1024;

    private string _pageDirectory = null!;
    private string _file = null!;
    private ProxyServer _pageServer = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _pageDirectory = await ExamplePage.AssembleAsync();
        // The page's second script: the add-on's browser bundle, as its copy-libs.mjs puts it there.
        AddOnPackage.AssertInstalled();
        File.Copy(AddOnPackage.Bundle, Path.Combine(_pageDirectory, "lib", "remotestorage-resumable.js"));
        _pageServer = await ProxyServer.StartAsync(Fixture.Backend.Origin, "Examples:BrowserPath=/example", $"Examples:BrowserDirectory={_pageDirectory}");
        _file = Path.Combine(Directory.CreateTempSubdirectory("rsrp-browser-file-").FullName, "upload.bin");
    }

    public override async Task DisposeAsync()
    {
        await _pageServer.DisposeAsync();
        Directory.Delete(_pageDirectory, recursive: true);
        Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
    }

    private async Task<JsonNode> RunPageAsync(string document, int fileSize, IDictionary<string, string> settings)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install it with 'apt-get update && apt-get install -y chromium'.");
        Assert.NotEqual(_pageServer.Address.Port, Fixture.Proxy.Address.Port);
        await File.WriteAllBytesAsync(_file, RandomNumberGenerator.GetBytes(fileSize));
        var env = new Dictionary<string, string>(settings)
        {
            ["CHROMIUM_PATH"] = Chromium,
            ["PAGE_URL"] = $"{_pageServer.Origin}/example/",
            ["RS_ADDRESS"] = $"{Fixture.Backend.User}@{Fixture.Proxy.Address.Authority}",
            ["UPLOAD_FILE"] = _file,
            ["DOCUMENT_PATH"] = document,
            ["PROXY_DOCUMENT_URL"] = $"{Fixture.ProxiedRoot}/uploads/{document}",
            ["BACKEND_DOCUMENT_URL"] = $"{Fixture.DirectRoot}/uploads/{document}",
        };

        var run = await NodeScript.RunAsync("Tests/Integration/node/browser-upload.mjs", env);

        Assert.True(run.ExitCode == 0, $"browser-upload.mjs exited {run.ExitCode}\n{run.StdErr}\n{run.StdOut}");
        return JsonNode.Parse(run.StdOut.Trim().Split('\n')[^1])!;
    }

    /// <summary>What the page showed at the end, against what armadietto holds.</summary>
    private async Task AssertStoredAndShownAsync(JsonNode result, string document)
    {
        var report = result.ToJsonString();
        Assert.True(result["finalState"]!.GetValue<string>() == "done", report);

        // The page read the backend's ETag from the final answer; the backend holds the file exactly.
        var stored = await Tus.GetAsync($"{Fixture.DirectRoot}/uploads/{document}");
        Assert.Equal(200, stored.Status);
        Assert.Equal(stored.Response.Headers.ETag!.ToString(), result["etag"]!.GetValue<string>());
        var file = await File.ReadAllBytesAsync(_file);
        Assert.True(file.AsSpan().SequenceEqual(stored.Body), "stored document differs from the file");
        Assert.Equal("application/octet-stream", stored.Response.Content.Headers.ContentType?.MediaType);

        // The page's link fetched the same bytes back through the proxy.
        Assert.Equal($"{Fixture.ProxiedRoot}/uploads/{document}", result["documentLink"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), result["downloaded"]!["sha256"]!.GetValue<string>());

        // Nothing was blocked by the browser's CORS checks.
        Assert.DoesNotContain(result["consoleErrors"]!.AsArray(), e => e!.GetValue<string>().Contains("CORS", StringComparison.OrdinalIgnoreCase));
        Assert.True(result["lastError"] is null, report);
    }

    [Fact]
    public async Task Page_UploadsALargeFileAcrossOrigins_PausesAndResumes_AndTheBackendHoldsEveryByte()
    {
        var document = $"{ProxiedBackendFixture.UniqueFolder(nameof(BrowserUploadTests))}/film.bin";

        var result = await RunPageAsync(document, FileSize, new Dictionary<string, string>
        {
            ["RS_TOKEN"] = Tus.Token,
            // Throttled to 8 MiB/s until the pause, so the pause lands well inside the 40 MiB body.
            ["PAUSE_AFTER_BYTES"] = (10 * 1024 * 1024).ToString(),
            ["UPLOAD_THROUGHPUT"] = (8 * 1024 * 1024).ToString(),
        });

        // Connected through WebFinger and found the announcement in remote.properties.
        Assert.Equal("connected", result["connectedState"]!.GetValue<string>());
        Assert.Contains("tus 1.0.0", result["resumableText"]!.GetValue<string>());

        // While paused: part of the file is staged at the proxy, nothing is visible in the backend.
        Assert.Equal(200, result["pausedProxyStatus"]!.GetValue<int>());
        var pausedOffset = result["pausedProxyOffset"]!.GetValue<long>();
        Assert.InRange(pausedOffset, 1, FileSize - 1);
        Assert.Equal(404, result["pausedBackendStatus"]!.GetValue<int>());

        // Resumed from what the proxy held (its HEAD answer, read through CORS), not from zero.
        Assert.Equal(pausedOffset, result["resumedFrom"]!.GetValue<long>());
        await AssertStoredAndShownAsync(result, document);
    }

    [Fact]
    public async Task Page_SignsInThroughTheServersOAuthDialog_AndUploads()
    {
        var document = $"{ProxiedBackendFixture.UniqueFolder(nameof(BrowserUploadTests))}/oauth.bin";

        var result = await RunPageAsync(document, 3 * 1024 * 1024, new Dictionary<string, string>
        {
            ["RS_PASSWORD"] = Fixture.Backend.Password,
        });

        // armadietto's dialog, reached through the proxy, asked for the module the page claims.
        var dialog = new Uri(result["oauthUrl"]!.GetValue<string>());
        Assert.Equal(Fixture.Proxy.Address.Authority, dialog.Authority);
        Assert.Contains("scope=uploads%3Arw", dialog.Query);
        Assert.Equal("connected", result["connectedState"]!.GetValue<string>());
        await AssertStoredAndShownAsync(result, document);
    }
}
