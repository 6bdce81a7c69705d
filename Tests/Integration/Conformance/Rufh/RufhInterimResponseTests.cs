using System.Globalization;
using System.Text;
using RsResumeProxy.Protocols.Rufh;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance.Rufh;

/// <summary>
/// 104 Upload Resumption Supported, read from a raw socket (HttpClient hides 1xx): sent before the
/// body is read, with Location, the interop version and Upload-Limit; a creation cut off after it
/// resumes at Location (R-01, R-02, R-03, R-08, R-34).
/// </summary>
[Collection(ProxiedCollection.Name)]
public sealed class RufhInterimResponseTests(ProxiedBackendFixture fixture) : RufhConformanceTest(fixture)
{
    [Theory, Trait("rufh", "R-01"), Trait("rufh", "R-02"), Trait("rufh", "R-08")]
    [InlineData(6, "PUT", false)]
    [InlineData(8, "PUT", false)]
    [InlineData(8, "POST", false)]
    [InlineData(9, "PUT", false)]
    [InlineData(9, "POST", true)]
    public async Task CreationCutOffAfterThe104_ResumesAtItsLocation(int version, string method, bool offsetByGet)
    {
        var name = $"cut-{version}-{method}.bin";
        var data = Bytes(100_000, version);
        var client = new RufhRawClient(ProxyOrigin, Tus.Token, version);

        var interim = await client.CreateAndCutOffAsync(method, PathOf(name), data, sendBytes: 40_000,
            beforeCut: () => StagedFiles.WaitForLengthAsync(StagingFile(UploadIdOf(name)), 40_000));
        Assert.Equal(104, interim.Status);
        Assert.Equal(PathOf(name), interim.Header("Location"));
        Assert.Equal(version.ToString(CultureInfo.InvariantCulture), interim.Header(RufhHeaders.InteropVersion));
        Assert.Equal(ProxiedBackendFixture.MaxUploadSize, UploadLimit.TryParse(interim.Header(RufhHeaders.UploadLimit))!.MaxSize);

        var offset = await client.OffsetAsync(PathOf(name), offsetByGet);
        Assert.Equal(204, offset.Status);
        Assert.Equal("?0", offset.Header(RufhHeaders.UploadComplete));
        Assert.Equal("40000", offset.Header(RufhHeaders.UploadOffset));

        var final = await client.AppendAsync(PathOf(name), 40_000, data[40_000..], complete: true);
        Assert.Equal(201, final.Status);
        Assert.Equal("?1", final.Header(RufhHeaders.UploadComplete));
        Assert.NotNull(final.Header("ETag"));
        await AssertStoredAsync(name, data);
    }

    [Theory, Trait("rufh", "R-01")]
    [InlineData(8)]
    [InlineData(9)]
    public async Task ExpectContinue_Gets104Then100_ThenTheBackendsAnswer(int version)
    {
        var name = $"expect-{version}.bin";
        var data = Bytes(5_000, version);
        await using var connection = await RawHttpConnection.OpenAsync(ProxyOrigin);
        await connection.WriteHeadAsync("PUT", PathOf(name),
            ("Authorization", Authorization), (RufhHeaders.InteropVersion, version.ToString(CultureInfo.InvariantCulture)),
            (RufhHeaders.UploadComplete, "?1"), ("Content-Type", "application/octet-stream"),
            ("Content-Length", data.Length.ToString(CultureInfo.InvariantCulture)), ("Expect", "100-continue"));

        Assert.Equal(104, (await connection.ReadResponseAsync()).Status);
        Assert.Equal(100, (await connection.ReadResponseAsync()).Status);
        await connection.WriteAsync(data);
        var final = await connection.ReadResponseAsync();
        Assert.Equal(201, final.Status);
        await AssertStoredAsync(name, data);
    }

    [Theory, Trait("rufh", "R-03")]
    [InlineData("7")]
    [InlineData(null)]
    public async Task NoSupportedInteropVersion_GetsNo104(string? version)
    {
        var name = $"no104-{version ?? "none"}.bin";
        await using var connection = await RawHttpConnection.OpenAsync(ProxyOrigin);
        var headers = new List<(string, string)>
        {
            ("Authorization", Authorization), (RufhHeaders.UploadComplete, "?1"),
            ("Content-Type", "application/octet-stream"), ("Content-Length", "3"),
        };
        if (version is not null)
        {
            headers.Add((RufhHeaders.InteropVersion, version));
        }
        await connection.WriteHeadAsync("PUT", PathOf(name), [.. headers]);
        await connection.WriteAsync(Encoding.ASCII.GetBytes("abc"));

        var first = await connection.ReadResponseAsync();
        Assert.InRange(first.Status, 200, 299);
        Assert.Null(first.Header(RufhHeaders.UploadComplete));
    }

    [Fact, Trait("rufh", "R-50"), Trait("rufh", "R-41")]
    public async Task OffsetRetrievalDuringAStalledAppend_StopsIt_AndReportsWhatArrived()
    {
        var name = "stalled.bin";
        var data = Bytes(20_000);
        using (await DraftCreateAsync(9, Url(name), [], complete: false, uploadLength: data.Length)) { }
        await using var stalled = await RawHttpConnection.OpenAsync(ProxyOrigin);
        await stalled.WriteHeadAsync("PATCH", PathOf(name), ("Authorization", Authorization), (RufhHeaders.InteropVersion, "9"),
            (RufhHeaders.UploadOffset, "0"), (RufhHeaders.UploadComplete, "?1"), ("Content-Type", PartialUpload),
            ("Content-Length", data.Length.ToString(CultureInfo.InvariantCulture)));
        await stalled.WriteAsync(data[..7_000]);
        await StagedFiles.WaitForLengthAsync(StagingFile(UploadIdOf(name)), 7_000);

        using var head = await DraftOffsetAsync(9, Url(name));
        Assert.Equal(7_000, OffsetOf(head));
        var answerToStalled = await stalled.TryReadResponseAsync();
        Assert.True(answerToStalled is null || answerToStalled.Status >= 300, $"the stalled append was answered {answerToStalled?.Status}");

        using var rest = await DraftAppendAsync(9, Url(name), 7_000, data[7_000..], complete: true);
        Assert.Equal(201, (int)rest.StatusCode);
        await AssertStoredAsync(name, data);
    }
}
