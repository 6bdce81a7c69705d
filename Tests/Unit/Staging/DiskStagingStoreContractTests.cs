using RsResumeProxy.Staging.Files;

namespace RsResumeProxy.Tests.Staging;

/// <summary>The staging-store contract on local disk (<see cref="StagingArea"/>, the default).</summary>
public sealed class DiskStagingStoreContractTests : StagingStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rsrp-staging-").FullName;

    protected override IStagingStore CreateStore() => new StagingArea(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
