using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance.Rufh;

/// <summary>
/// The real tus-js-client 4.3.1 speaking the draft (protocol 'ietf-draft-05', interop 6) through
/// the proxy, driven by Tests/Integration/node/tus-upload.mjs: it creates with an empty POST
/// (Upload-Complete: ?0), appends with application/partial-upload, and relies on Upload-Offset in
/// every answer. Each upload is compared byte for byte with what armadietto then serves.
/// </summary>
[Collection(ProxiedCollection.Name)]
public sealed class RufhJsClientTests(ProxiedBackendFixture fixture) : RufhConformanceTest(fixture), IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    [Fact, Trait("rufh", "R-32"), Trait("rufh", "R-33")]
    public async Task ChunkedUpload_StoresTheFileExactly()
    {
        var data = Bytes(2_500_000, 61);
        var result = await UploadAsync("js-draft-chunked.bin", data, ("TUS_CHUNK_SIZE", "300000"));

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        await AssertStoredAsync("js-draft-chunked.bin", data);
    }

    [Fact, Trait("rufh", "R-20"), Trait("rufh", "R-23")]
    public async Task AbortedAndResumedUpload_ContinuesFromTheReportedOffset_AndStoresTheFileExactly()
    {
        var data = Bytes(3_000_000, 62);
        var result = await UploadAsync("js-draft-resumed.bin", data, ("TUS_CHUNK_SIZE", "500000"), ("TUS_ABORT_AT", "1000000"));

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        Assert.Contains("\"aborted\":true", result.StdOut);
        Assert.Contains("\"resumedFrom\":1000000", result.StdOut);
        await AssertStoredAsync("js-draft-resumed.bin", data);
    }

    private async Task<NodeResult> UploadAsync(string name, byte[] data, params (string Key, string Value)[] settings)
    {
        await File.WriteAllBytesAsync(_file, data);
        var env = new Dictionary<string, string>
        {
            ["TUS_ENDPOINT"] = Url(name),
            ["TUS_FILE"] = _file,
            ["TUS_TOKEN"] = Tus.Token,
            ["TUS_PROTOCOL"] = "ietf-draft-05",
        };
        foreach (var (key, value) in settings)
        {
            env[key] = value;
        }
        return await NodeScript.RunAsync("Tests/Integration/node/tus-upload.mjs", env);
    }

    void IDisposable.Dispose()
    {
        File.Delete(_file);
        Dispose();
    }
}
