using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Tests.Staging;

/// <summary>The staging-store contract on local disk (<see cref="StagingArea"/>, the default), plus
/// what only the disk store has to get right: the staged file is the upload's bytes, its length the offset.</summary>
public sealed class DiskStagingStoreContractTests : StagingStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rsrp-staging-").FullName;

    protected override IStagingStore CreateStore() => new StagingArea(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task StagedFile_HoldsExactlyTheBytesKept_EvenWhenTheBodyFailedHalfWay()
    {
        var staging = new StagingArea(_directory);
        var id = UploadId.NewRandom();
        staging.CreateEmpty(id);
        var data = Data(300_000);
        var result = await staging.AppendAsync(id, 0, new FailingStream(data, failAfter: 150_000), long.MaxValue, Idle, null, CancellationToken.None);
        Assert.Equal(AppendStop.SourceFailed, result.Stop);
        Assert.Equal(150_000, staging.LengthOf(id));
        Assert.Equal(data[..150_000], await File.ReadAllBytesAsync(staging.PathOf(id)));
        staging.Truncate(id, 149_999);
        Assert.Equal(149_999, new FileInfo(staging.PathOf(id)).Length);
    }
}
