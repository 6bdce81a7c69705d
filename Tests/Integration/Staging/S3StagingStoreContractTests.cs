using Amazon.S3;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.ObjectStorage;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Staging;

/// <summary>The staging-store contract on S3 (a real moto_server), each store object with a client
/// of its own, as separate proxy instances would have.</summary>
public sealed class S3StagingStoreContractTests(MotoFixture moto) : StagingStoreContract, IClassFixture<MotoFixture>, IDisposable
{
    private readonly string _prefix = MotoFixture.NewPrefix();
    private readonly List<IAmazonS3> _clients = [];

    protected override IStagingStore CreateStore()
    {
        var client = moto.Server.CreateClient();
        _clients.Add(client);
        return new S3StagingStore(client, new S3StagingSettings(moto.Server.Bucket, _prefix, PartSize, $"127.0.0.1:{moto.Server.Port}"));
    }

    public void Dispose() => _clients.ForEach(c => c.Dispose());
}
