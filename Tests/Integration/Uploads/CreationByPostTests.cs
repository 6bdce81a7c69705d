using System.Net;
using System.Security.Cryptography;
using System.Text;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Uploads;

/// <summary>tus creation and creation-with-upload at the document URL.</summary>
[Collection(ProxiedCollection.Name)]
public sealed class CreationByPostTests(ProxiedBackendFixture fixture) : IDisposable
{
    private readonly TusHttp _http = new(fixture.Backend.Token);
    private readonly string _folder = ProxiedBackendFixture.UniqueFolder("post");

    public void Dispose() => _http.Dispose();

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Post_Creates_201WithTheDocumentUrlAsLocationAndOffsetZero()
    {
        var url = $"{fixture.ProxiedRoot}/{_folder}/a.bin";
        var response = await _http.PostAsync(url, 1234);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/storage/{fixture.Backend.User}/{_folder}/a.bin", response.Headers.Location!.OriginalString);
        var head = await _http.HeadAsync(url);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(0, TusHttp.Offset(head));
        Assert.Equal("1234", TusHttp.Header(head, "Upload-Length"));
    }

    [Fact]
    public async Task Post_WithUpload_StagesTheBodyAndReportsItsOffset()
    {
        var url = $"{fixture.ProxiedRoot}/{_folder}/b.bin";
        var response = await _http.PostAsync(url, 100, body: new byte[5]);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(5, TusHttp.Offset(response));
    }

    [Fact]
    public async Task Post_FiletypeMetadata_BecomesTheDocumentsContentType()
    {
        var url = $"{fixture.ProxiedRoot}/{_folder}/c.txt";
        var body = Encoding.UTF8.GetBytes("typed document");
        var response = await _http.PostAsync(url, body.Length, body, metadata: $"filename {B64("c.txt")},filetype {B64("text/markdown")}");
        Assert.True(response.IsSuccessStatusCode);
        Assert.NotNull(response.Headers.ETag);
        var stored = await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/c.txt");
        Assert.Equal(body, stored.Body);
        Assert.Equal("text/markdown", stored.Response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Post_WithoutFiletype_StoresApplicationOctetStream()
    {
        var url = $"{fixture.ProxiedRoot}/{_folder}/d.bin";
        await _http.PostAsync(url, 3, new byte[] { 1, 2, 3 });
        var stored = await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/d.bin");
        Assert.Equal("application/octet-stream", stored.Response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Post_ZeroLength_CommitsAnEmptyDocumentAtOnce()
    {
        var url = $"{fixture.ProxiedRoot}/{_folder}/empty.txt";
        var response = await _http.PostAsync(url, 0);
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        Assert.NotNull(response.Headers.Location);
        var stored = await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/empty.txt");
        Assert.Equal(200, stored.Status);
        Assert.Empty(stored.Body);
    }

    [Fact]
    public async Task TusJsClient_UploadsInChunks_WithAnAbortAndAResume_ByteForByte()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rsrp-tusjs-{Guid.NewGuid():N}.bin");
        var document = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 12345);
        await File.WriteAllBytesAsync(file, document);
        try
        {
            var url = $"{fixture.ProxiedRoot}/{_folder}/tusjs.bin";
            var result = await NodeScript.RunAsync("Tests/Integration/node/tus-upload.mjs", new Dictionary<string, string>
            {
                ["TUS_ENDPOINT"] = url,
                ["TUS_FILE"] = file,
                ["TUS_TOKEN"] = fixture.Backend.Token,
                ["TUS_CHUNK_SIZE"] = (512 * 1024).ToString(),
                ["TUS_ABORT_AT"] = (1024 * 1024).ToString(),
                ["TUS_FILETYPE"] = "application/x-tusjs",
            });
            Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
            Assert.Contains("\"aborted\":true", result.StdOut);
            Assert.Matches("\"resumedFrom\":[1-9]", result.StdOut);
            var stored = await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/tusjs.bin");
            Assert.Equal(SHA256.HashData(document), SHA256.HashData(stored.Body));
            Assert.Equal("application/x-tusjs", stored.Response.Content.Headers.ContentType!.MediaType);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
