using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>
/// The real tus-js-client (4.3.1, Tests/Integration/node/tus-upload.mjs) through the proxy, each upload compared
/// byte for byte with what armadietto then serves: chunked, parallel (concatenation), deferred
/// length, with Upload-Checksum on every PATCH, and aborted then resumed.
/// </summary>
[Collection(ProxiedCollection.Name)]
public class TusJsClientTests(ProxiedBackendFixture fixture) : ConformanceTest(fixture), IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    private async Task<(NodeResult Result, byte[] Data)> UploadAsync(string name, int size, params (string Key, string Value)[] settings)
    {
        var data = Bytes(size, name.Length);
        await File.WriteAllBytesAsync(_file, data);
        var env = new Dictionary<string, string>
        {
            ["TUS_ENDPOINT"] = Url(name),
            ["TUS_FILE"] = _file,
            ["TUS_TOKEN"] = Tus.Token,
        };
        foreach (var (key, value) in settings)
        {
            env[key] = value;
        }
        return (await NodeScript.RunAsync("Tests/Integration/node/tus-upload.mjs", env), data);
    }

    private async Task AssertStoredAsync(string name, NodeResult result, byte[] data)
    {
        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        var stored = await BackendDocumentAsync(name);
        Assert.NotNull(stored);
        Assert.Equal(data.Length, stored.Value.Body.Length);
        Assert.True(data.AsSpan().SequenceEqual(stored.Value.Body), "the stored document differs from the file");
    }

    [Fact, Trait("tus", "EXT-CC-02")]
    public async Task ParallelUploadsOf4_StoreTheFileExactly()
    {
        var (result, data) = await UploadAsync("js-parallel.bin", 3_000_001, ("TUS_PARALLEL", "4"), ("TUS_CHUNK_SIZE", "400000"));
        await AssertStoredAsync("js-parallel.bin", result, data);
    }

    [Fact, Trait("tus", "C-27")]
    public async Task ChunkedUpload_StoresTheFileExactly()
    {
        var (result, data) = await UploadAsync("js-chunked.bin", 2_500_000, ("TUS_CHUNK_SIZE", "300000"));
        await AssertStoredAsync("js-chunked.bin", result, data);
    }

    [Fact, Trait("tus", "EXT-DL-07")]
    public async Task DeferredLengthUpload_StoresTheFileExactly()
    {
        var (result, data) = await UploadAsync("js-deferred.bin", 2_000_000, ("TUS_DEFER", "1"), ("TUS_CHUNK_SIZE", "500000"));
        await AssertStoredAsync("js-deferred.bin", result, data);
    }

    [Theory, Trait("tus", "EXT-CK-04")]
    [InlineData("sha1")]
    [InlineData("crc32")]
    public async Task ChecksummedUpload_StoresTheFileExactly(string algorithm)
    {
        var (result, data) = await UploadAsync("js-checksum.bin", 2_000_000, ("TUS_CHECKSUM", algorithm), ("TUS_CHUNK_SIZE", "600000"));
        await AssertStoredAsync("js-checksum.bin", result, data);
    }

    [Fact, Trait("tus", "EXT-CK-05")]
    public async Task ChecksumThatDoesNotMatch_StopsTheClientWith460_AndStoresNothing()
    {
        var (result, _) = await UploadAsync("js-corrupt.bin", 1_000_000,
            ("TUS_CHECKSUM", "sha256"), ("TUS_CHUNK_SIZE", "400000"), ("TUS_CHECKSUM_CORRUPT", "1"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"lastResponseStatus\":460", result.StdOut);
        Assert.Null(await BackendDocumentAsync("js-corrupt.bin"));
        Assert.Equal(0, await OffsetAsync(Url("js-corrupt.bin")));
    }

    [Fact, Trait("tus", "P-15")]
    public async Task AbortedUpload_ResumesFromTheOffsetHeadReports_AndStoresTheFileExactly()
    {
        var (result, data) = await UploadAsync("js-resume.bin", 3 * 1024 * 1024 + 12345,
            ("TUS_CHUNK_SIZE", (512 * 1024).ToString()), ("TUS_ABORT_AT", (1024 * 1024).ToString()), ("TUS_FILETYPE", "application/x-tusjs"));
        Assert.Contains("\"aborted\":true", result.StdOut);
        Assert.Matches("\"resumedFrom\":[1-9]", result.StdOut);
        await AssertStoredAsync("js-resume.bin", result, data);
        Assert.Equal("application/x-tusjs", (await BackendDocumentAsync("js-resume.bin"))!.Value.ContentType);
    }

    void IDisposable.Dispose()
    {
        File.Delete(_file);
        Dispose();
    }
}
