using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Uploads;

/// <summary>RS-flavoured creation: the ordinary PUT, flagged resumable.</summary>
[Collection(ProxiedCollection.Name)]
public sealed class CreationByPutTests(ProxiedBackendFixture fixture) : IDisposable
{
    private readonly TusHttp _http = new(fixture.Backend.Token);
    private readonly string _folder = ProxiedBackendFixture.UniqueFolder("put");

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Put_WithTheWholeBody_CommitsAtOnceAndRelaysTheBackendsAnswer()
    {
        var body = RandomNumberGenerator.GetBytes(50_000);
        var response = await _http.PutAsync($"{fixture.ProxiedRoot}/{_folder}/whole.bin", body, contentType: "image/x-test");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(50_000, TusHttp.Offset(response));
        Assert.Equal("1.0.0", TusHttp.Header(response, "Tus-Resumable"));
        var stored = await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/whole.bin");
        Assert.Equal(body, stored.Body);
        Assert.Equal("image/x-test", stored.Response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(response.Headers.ETag, stored.Response.Headers.ETag);
    }

    [Fact]
    public async Task Put_WithUploadLength_TakesTheFirstBytesAndAnswers201()
    {
        var body = RandomNumberGenerator.GetBytes(30_000);
        var url = $"{fixture.ProxiedRoot}/{_folder}/first.bin";
        var response = await _http.PutAsync(url, body[..10_000], uploadLength: 30_000);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(10_000, TusHttp.Offset(response));
        Assert.Equal($"/storage/{fixture.Backend.User}/{_folder}/first.bin", response.Headers.Location!.OriginalString);
        Assert.NotNull(TusHttp.Header(response, "Upload-Expires"));
        // A partial upload is never visible in the backend.
        Assert.Equal(404, (await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/first.bin")).Status);
        var listing = Encoding.UTF8.GetString((await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/")).Body);
        Assert.DoesNotContain("first.bin", listing);

        var patch = await _http.PatchAsync(url, 10_000, body[10_000..]);
        Assert.Equal(HttpStatusCode.Created, patch.StatusCode);
        Assert.Equal(body, (await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/first.bin")).Body);
    }

    [Fact]
    public async Task Put_CutOffMidBody_KeepsTheBytesReceived_HeadReportsThem_PatchFinishes()
    {
        var document = RandomNumberGenerator.GetBytes(1_000_000);
        var path = $"/storage/{fixture.Backend.User}/{_folder}/cut.bin";
        const int sent = 400_000;

        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync("127.0.0.1", fixture.Proxy.Address.Port);
            var stream = socket.GetStream();
            var head = $"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {fixture.Backend.Token}\r\n" +
                       "Tus-Resumable: 1.0.0\r\nContent-Type: application/octet-stream\r\n" +
                       $"Content-Length: {document.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(document.AsMemory(0, sent));
            await stream.FlushAsync();
            await StagedFiles.WaitForAsync(fixture.Proxy.StagingDirectory, sent);
            socket.Client.LingerState = new LingerOption(true, 0); // close with RST, as a dropped link
        }

        var offset = await WaitForOffsetAsync($"{fixture.Proxy.Origin}{path}", sent);
        Assert.Equal(sent, offset);
        var patch = await _http.PatchAsync($"{fixture.Proxy.Origin}{path}", offset, document[(int)offset..]);
        Assert.True(patch.IsSuccessStatusCode, $"{patch.StatusCode}");
        Assert.Equal(document, (await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/cut.bin")).Body);
    }

    [Fact]
    public async Task Put_ReplacesThisCredentialsEarlierUploadAtTheSameUrl()
    {
        var url = $"{fixture.ProxiedRoot}/{_folder}/again.bin";
        await _http.PutAsync(url, new byte[100], uploadLength: 1000);
        var second = await _http.PutAsync(url, new byte[10], uploadLength: 500);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var head = await _http.HeadAsync(url);
        Assert.Equal(10, TusHttp.Offset(head));
        Assert.Equal("500", TusHttp.Header(head, "Upload-Length"));
    }

    private async Task<long> WaitForOffsetAsync(string url, long atLeast)
    {
        long offset = -1;
        for (var i = 0; i < 400 && offset < atLeast; i++)
        {
            var head = await _http.HeadAsync(url);
            offset = TusHttp.Offset(head) ?? -1;
            if (offset < atLeast) await Task.Delay(50);
        }
        return offset;
    }
}
