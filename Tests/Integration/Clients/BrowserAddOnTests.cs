using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Clients;

/// <summary>The add-on's browser bundle with remotestorage.js's in headless Chromium, on a page
/// of its own origin (Tests/Integration/node/resumable-browser.mjs).</summary>
[Collection(BrowserAddOnCollection.Name)]
public sealed class BrowserAddOnTests(ArmadiettoFixture fixture) : ResumableAddOnTests(fixture)
{
    private const string Chromium = "/usr/bin/chromium";

    protected override string Script => "Tests/Integration/node/resumable-browser.mjs";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["CHROMIUM_PATH"] = File.Exists(Chromium)
            ? Chromium
            : throw new InvalidOperationException($"{Chromium} is missing: install it with 'apt-get update && apt-get install -y chromium'."),
    };
}
