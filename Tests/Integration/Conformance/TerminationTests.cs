using System.Net;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>termination (checklist 2.7).</summary>
[Collection(ProxiedCollection.Name)]
public class TerminationTests(ProxiedBackendFixture fixture) : ConformanceTest(fixture)
{
    [Fact, Trait("tus", "EXT-TM-01"), Trait("tus", "EXT-TM-02")]
    public async Task Delete_Returns204_ThenHeadPatchAndDeleteReturn404()
    {
        var url = Url("tm01.bin");
        await CreateAsync(url, 10, [1, 2]);
        using (var delete = await Tus.DeleteAsync(url)) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var head = await Tus.HeadAsync(url)) Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        using (var patch = await Tus.PatchAsync(url, 2, [3])) Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        using (var again = await Tus.DeleteAsync(url)) Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact, Trait("tus", "EXT-TM-03")]
    public async Task DeleteOfUnknownUpload_Returns404()
    {
        using var delete = await Tus.DeleteAsync(Url("tm03.bin"));
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Fact, Trait("tus", "EXT-TM-04")]
    public async Task Delete_RemovesStagedBytes_AndNeverTouchesTheBackendDocument()
    {
        var url = Url("tm04.bin");
        var stored = Bytes(100, 1);
        using (var committed = await Tus.PostAsync(url, stored.Length, stored)) Assert.True(committed.IsSuccessStatusCode);
        await CreateAsync(url, 1_000, Bytes(10, 2)); // a new pending upload over the stored document
        Assert.True(await StagedLengthAsync(UploadIdOf("tm04.bin")) >= 0);
        using (var delete = await Tus.DeleteAsync(url)) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.False(await StagedLengthAsync(UploadIdOf("tm04.bin")) >= 0);
        Assert.Equal(stored, (await BackendDocumentAsync("tm04.bin"))!.Value.Body);
    }
}
