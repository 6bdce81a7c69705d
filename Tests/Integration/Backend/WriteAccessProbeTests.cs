using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using RsResumeProxy.Staging.Identity;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Backend;

/// <summary>Nobody stages bytes without the backend's say-so: creation asks armadietto whether the
/// token may write the document, and the asking leaves the user's storage as it was.</summary>
[Collection(ProxiedCollection.Name)]
public sealed class WriteAccessProbeTests(ProxiedBackendFixture fixture) : IDisposable
{
    private readonly TusHttp _http = new(fixture.Backend.Token);
    private readonly string _folder = ProxiedBackendFixture.UniqueFolder("probe");

    public void Dispose() => _http.Dispose();

    private string Url(string name) => $"{fixture.ProxiedRoot}/{_folder}/{name}";

    private string StagedFileOf(string name, string token) => Path.Combine(fixture.Proxy.StagingDirectory,
        UploadId.ForDocument($"/storage/{fixture.Backend.User}/{_folder}/{name}",
            fixture.Proxy.Services.GetRequiredService<CredentialHasher>().Hash("Bearer " + token)) + ".bin");

    /// <summary>What armadietto itself answers a plain PUT of the document with this token.</summary>
    private async Task<int> DirectPutStatusAsync(string name, string token)
    {
        var put = _http.Request(HttpMethod.Put, $"{fixture.DirectRoot}/{_folder}/{name}", tus: false, token: token);
        put.Content = new ByteArrayContent([]);
        put.Headers.TryAddWithoutValidation("If-None-Match", "*");
        using var response = await _http.SendAsync(put);
        return (int)response.StatusCode;
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    public async Task InventedToken_GetsTheBackendsRefusal_AndStagesNothing(string method)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var request = _http.Request(new HttpMethod(method), Url("invented.bin"), token: token);
        request.Headers.TryAddWithoutValidation("Upload-Length", "1000");
        request.Content = new ByteArrayContent(new byte[500]);
        request.Content.Headers.ContentType = new(method == "POST" ? "application/offset+octet-stream" : "application/octet-stream");

        using var response = await _http.SendAsync(request);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal(403, await DirectPutStatusAsync("invented.bin", token));
        Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.ToString());
        Assert.False(File.Exists(StagedFileOf("invented.bin", token)));
        using var head = await _http.HeadAsync(Url("invented.bin"), token);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task ReadOnlyToken_IsRefused_AndStagesNothing()
    {
        var token = await fixture.Backend.MintTokenAsync($"{_folder}:r");
        var (readable, _, _) = await _http.GetAsync($"{fixture.DirectRoot}/{_folder}/");
        Assert.NotEqual(403, readable); // sanity: the token itself is valid

        using var response = await _http.PostAsync(Url("read-only.bin"), 100, new byte[50], configure: r =>
        {
            r.Headers.Remove("Authorization");
            r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(File.Exists(StagedFileOf("read-only.bin", token)));
    }

    [Fact]
    public async Task TokenForAnotherModule_IsRefused()
    {
        var token = await fixture.Backend.MintTokenAsync("someothermodule:rw");
        using var response = await _http.PostAsync(Url("other-module.bin"), 100, configure: r =>
        {
            r.Headers.Remove("Authorization");
            r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(File.Exists(StagedFileOf("other-module.bin", token)));
    }

    [Fact]
    public async Task TokenScopedToTheModule_CreatesAndCommits()
    {
        var token = await fixture.Backend.MintTokenAsync($"{_folder}:rw");
        using var http = new TusHttp(token);
        var document = RandomNumberGenerator.GetBytes(3000);
        using (var created = await http.PostAsync(Url("scoped.bin"), document.Length, document[..1000]))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var final = await http.PatchAsync(Url("scoped.bin"), 1000, document[1000..]);
        Assert.Equal(HttpStatusCode.Created, final.StatusCode);
        Assert.Equal(document, (await http.GetAsync($"{fixture.DirectRoot}/{_folder}/scoped.bin")).Body);
    }

    [Fact]
    public async Task Probing_LeavesTheUsersStorageUnchanged()
    {
        // A fresh token for a fresh module, so no cached answer spares the probe.
        var token = await fixture.Backend.MintTokenAsync($"{_folder}:rw");
        using var http = new TusHttp(token);
        var put = http.Request(HttpMethod.Put, $"{fixture.DirectRoot}/{_folder}/existing.txt", tus: false);
        put.Content = new ByteArrayContent("kept as it is"u8.ToArray());
        using (var stored = await http.SendAsync(put)) Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        var (_, listingBefore, folderBefore) = await http.GetAsync($"{fixture.DirectRoot}/{_folder}/");
        var (_, documentBefore, existingBefore) = await http.GetAsync($"{fixture.DirectRoot}/{_folder}/existing.txt");

        // One creation over the existing document, one for a document that does not exist yet.
        // Another fresh token for the second, so it is probed too rather than answered from the cache.
        using (var over = await http.PostAsync(Url("existing.txt"), 100, new byte[10])) Assert.Equal(HttpStatusCode.Created, over.StatusCode);
        using var second = new TusHttp(await fixture.Backend.MintTokenAsync($"{_folder}:rw"));
        using (var fresh = await second.PostAsync(Url("new.txt"), 100, new byte[10])) Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);

        var (_, listingAfter, folderAfter) = await http.GetAsync($"{fixture.DirectRoot}/{_folder}/");
        var (_, documentAfter, existingAfter) = await http.GetAsync($"{fixture.DirectRoot}/{_folder}/existing.txt");
        Assert.Equal(listingBefore, listingAfter);
        Assert.Equal(folderBefore.Headers.ETag, folderAfter.Headers.ETag);
        Assert.Equal(documentBefore, documentAfter);
        Assert.Equal(existingBefore.Headers.ETag, existingAfter.Headers.ETag);
        Assert.Equal(404, (await http.GetAsync($"{fixture.DirectRoot}/{_folder}/new.txt")).Status);
    }
}
