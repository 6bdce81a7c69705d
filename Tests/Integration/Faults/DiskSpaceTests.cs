using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Faults;

/// <summary>Full disks and per-credential limits: refused before a byte is taken where possible,
/// and consistent when space runs out mid-PATCH.</summary>
public sealed class DiskSpaceTests
{
    [Fact]
    public async Task Creation_ThatDoesNotFitBesideTheReserve_Gets507BeforeAnyByte()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin, $"ResumableUploads:DiskReserveBytes={long.MaxValue / 2}");
        using var http = new TusHttp("t");
        var url = $"{proxy.Origin}/storage/alice/big.bin";

        var response = await http.PostAsync(url, 1000, new byte[1000]);

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.HeadAsync(url)).StatusCode);
        Assert.Empty(Directory.GetFiles(proxy.StagingDirectory, "*.bin"));
    }

    [Fact]
    [Trait(ProxyProcess.Trait, ProxyProcess.Separate)]
    public async Task RunningOutOfSpaceMidPatch_Answers507_KeepsWhatWasWritten_AndResumesOnceThereIsRoom()
    {
        // A real 4 MiB filesystem for the staging directory, mounted in the proxy's own namespace.
        await using var backend = await RecordingBackend.StartAsync();
        var data = Directory.CreateTempSubdirectory("rsrp-disk-").FullName;
        var mount = Directory.CreateTempSubdirectory("rsrp-tmpfs-").FullName;
        try
        {
            await using var proxy = await ProxyProcess.StartAsync(await PrivateTmpfs.LauncherAsync(mount, "4m"), backend.Origin, data, 0,
                $"ResumableUploads:StagingDirectory={mount}");
            var staging = PrivateTmpfs.SeenFrom(proxy.ProcessId, mount);
            using var http = new TusHttp("t");
            var document = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
            var url = $"{proxy.Origin}/storage/alice/full.bin";
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, document.Length)).StatusCode);
            var filler = Path.Combine(staging, "filler");
            await File.WriteAllBytesAsync(filler, new byte[2 * 1024 * 1024]);

            var patch = await http.PatchAsync(url, 0, document);

            Assert.Equal(HttpStatusCode.InsufficientStorage, patch.StatusCode);
            var offset = TusHttp.Offset(await http.HeadAsync(url))!.Value;
            Assert.InRange(offset, 1, document.Length - 1);
            var staged = Directory.GetFiles(staging, "*.bin").Single();
            Assert.Equal(offset, new FileInfo(staged).Length);
            Assert.Equal(document[..(int)offset], await File.ReadAllBytesAsync(staged));

            File.Delete(filler);
            var resumed = await http.PatchAsync(url, offset, document[(int)offset..]);
            Assert.Equal(HttpStatusCode.Created, resumed.StatusCode);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)), backend.Requests.Single().BodySha256);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
            Directory.Delete(mount);
        }
    }

    [Fact]
    public async Task PendingUploadsPerCredential_AreCapped_With429()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin, "ResumableUploads:MaxPendingUploadsPerCredential=2");
        using var alice = new TusHttp("alice");
        using var bob = new TusHttp("bob");
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync($"{proxy.Origin}/storage/a/1", 10)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync($"{proxy.Origin}/storage/a/2", 10)).StatusCode);

        var third = await alice.PostAsync($"{proxy.Origin}/storage/a/3", 10);
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.Contains("limit", await third.Content.ReadAsStringAsync());
        // Replacing an existing upload is not a new one, and other credentials are not affected.
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync($"{proxy.Origin}/storage/a/2", 20)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bob.PostAsync($"{proxy.Origin}/storage/a/3", 10)).StatusCode);
    }

    [Fact]
    public async Task StagedBytesPerCredential_AreCapped_With507()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin, "ResumableUploads:MaxStagedBytesPerCredential=1000");
        using var http = new TusHttp("alice");
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync($"{proxy.Origin}/storage/a/1", 600)).StatusCode);
        var over = await http.PostAsync($"{proxy.Origin}/storage/a/2", 500);
        Assert.Equal(HttpStatusCode.InsufficientStorage, over.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync($"{proxy.Origin}/storage/a/2", 400)).StatusCode);
    }

    [Fact]
    public async Task PendingUploadsPerUser_AreCapped_With429_OverAllOfTheUsersTokens()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin, "ResumableUploads:MaxPendingUploadsPerUser=2");
        using var first = new TusHttp("first token");
        using var second = new TusHttp("second token");
        Assert.Equal(HttpStatusCode.Created, (await first.PostAsync($"{proxy.Origin}/storage/a/1", 10)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await second.PostAsync($"{proxy.Origin}/storage/a/2", 10)).StatusCode);

        var third = await second.PostAsync($"{proxy.Origin}/storage/a/3", 10);
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        // Another user's storage is not affected; a finished upload no longer counts.
        Assert.Equal(HttpStatusCode.Created, (await second.PostAsync($"{proxy.Origin}/storage/b/3", 10)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await first.PatchAsync($"{proxy.Origin}/storage/a/1", 0, new byte[10])).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await second.PostAsync($"{proxy.Origin}/storage/a/3", 10)).StatusCode);
    }

    [Fact]
    public async Task StagedBytesPerUser_AreCapped_With507()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin, "ResumableUploads:MaxStagedBytesPerUser=1000");
        using var first = new TusHttp("first token");
        using var second = new TusHttp("second token");
        Assert.Equal(HttpStatusCode.Created, (await first.PostAsync($"{proxy.Origin}/storage/a/1", 600)).StatusCode);
        Assert.Equal(HttpStatusCode.InsufficientStorage, (await second.PostAsync($"{proxy.Origin}/storage/a/2", 500)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await second.PostAsync($"{proxy.Origin}/storage/a/2", 400)).StatusCode);
    }

    [Fact]
    public async Task StagedBytesInAll_AreCapped_With507_AndNothingIsStaged()
    {
        await using var backend = await RecordingBackend.StartAsync();
        // Any volume holds more than one byte: every creation is over this total.
        await using var proxy = await ProxyServer.StartAsync(backend.Origin, "ResumableUploads:MaxStagedBytesTotal=1");
        using var http = new TusHttp("t");
        var over = await http.PostAsync($"{proxy.Origin}/storage/a/1", 10, new byte[5]);
        Assert.Equal(HttpStatusCode.InsufficientStorage, over.StatusCode);
        Assert.Empty(Directory.GetFiles(proxy.StagingDirectory, "*.bin"));
    }
}
