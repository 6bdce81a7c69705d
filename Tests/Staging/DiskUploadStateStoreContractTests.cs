using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Tests.Staging;

public sealed class DiskUploadStateStoreContractTests : UploadStateStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rsrp-state-").FullName;

    protected override IUploadStateStore CreateStore() => new DiskUploadStateStore(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
