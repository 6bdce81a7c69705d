using System.Security.Cryptography;
using RsResumeProxy.Protocols.Rufh;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.ScaleOut;

/// <summary>
/// The IETF draft in the Redis scale-out mode: an upload created on one instance (104 read, body
/// cut off) is found and finished on the other, because both protocols share the engine's state,
/// locks and staging volume. The document is compared byte for byte with what armadietto serves.
/// </summary>
[Trait(ProxyProcess.Trait, ProxyProcess.Separate)]
public sealed class RufhScaleOutTests : IAsyncLifetime
{
    private ScaleOutCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ScaleOutCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory, Trait("rufh", "R-08")]
    [InlineData(8)]
    [InlineData(9)]
    public async Task Upload_CutOffOnOneInstance_IsFinishedOnTheOther(int version)
    {
        var data = RandomNumberGenerator.GetBytes(2_000_000);
        var path = _cluster.Document($"draft-across-{version}.bin");
        var onA = new RufhRawClient(_cluster.A.Origin, _cluster.Armadietto.Token, version);
        var onB = new RufhRawClient(_cluster.B.Origin, _cluster.Armadietto.Token, version);

        var interim = await onA.CreateAndCutOffAsync("PUT", path, data, sendBytes: 600_000,
            beforeCut: () => StagedFiles.WaitForAsync(_cluster.SharedStaging, 600_000));
        Assert.Equal(104, interim.Status);
        Assert.Equal(path, interim.Header("Location"));

        var offset = await onB.OffsetAsync(path);
        Assert.True(offset.Status == 204, $"{offset.Status}\n{_cluster.Logs()}");
        Assert.Equal("600000", offset.Header(RufhHeaders.UploadOffset));

        var final = await onB.AppendAsync(path, 600_000, data[600_000..], complete: true);
        Assert.True(final.Status == 201, $"{final.Status} {final.Body}\n{_cluster.Logs()}");
        Assert.Equal("?1", final.Header(RufhHeaders.UploadComplete));
        Assert.Equal(data, await _cluster.ReadFromArmadiettoAsync(path));
    }
}
