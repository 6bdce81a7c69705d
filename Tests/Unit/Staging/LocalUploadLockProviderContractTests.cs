using RsResumeProxy.Staging.Locks;

namespace RsResumeProxy.Tests.Staging;

public sealed class LocalUploadLockProviderContractTests : UploadLockProviderContract
{
    private LocalUploadLockProvider? _shared;

    /// <summary>One process, one table: every provider of a test is the same instance (with the
    /// wait of the first; the contract's waits are chosen so that this does not matter).</summary>
    protected override IUploadLockProvider CreateProvider(TimeSpan wait) => _shared ??= new LocalUploadLockProvider(wait);
}
