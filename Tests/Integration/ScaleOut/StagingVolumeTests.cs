using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.ScaleOut;

/// <summary>Instances that share Redis but not the staging volume refuse, and never corrupt.</summary>
[Trait(ProxyProcess.Trait, ProxyProcess.Separate)]
public sealed class StagingVolumeTests : IAsyncLifetime
{
    private ScaleOutCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ScaleOutCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task InstanceWithAnotherStagingVolume_Answers503WithAnExplanation_AndLeavesTheUploadAlone()
    {
        await using var stranger = await _cluster.StartInstanceAsync("stranger",
            $"ResumableUploads:StagingDirectory={Path.Combine(_cluster.Root, "stranger-staging")}");
        var data = RandomNumberGenerator.GetBytes(500_000);
        var path = _cluster.Document("volume.bin");
        using var a = _cluster.Client(_cluster.A);
        using var other = _cluster.Client(stranger);
        using (var created = await a.CreateAsync(path, data.Length, data[..200_000]))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var refused = await other.PatchAsync(path, 200_000, data[200_000..]))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Contains("staging volume", await refused.Content.ReadAsStringAsync());
        }
        using (var head = await other.HeadAsync(path))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, head.StatusCode);
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(_cluster.Root, "stranger-staging"), "*.bin"));

        // The instances that do mount the volume carry on.
        using var finished = await _cluster.Client(_cluster.B).PatchAsync(path, 200_000, data[200_000..]);
        Assert.True(finished.IsSuccessStatusCode, $"{finished.StatusCode}\n{_cluster.Logs()}");
        Assert.Equal(data, await _cluster.ReadFromArmadiettoAsync(path));
    }
}
