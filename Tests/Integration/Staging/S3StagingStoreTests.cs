using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.ObjectStorage;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Staging;

/// <summary>
/// What only the object-storage store has to get right, on a real moto_server: the layout in the
/// bucket (one multipart upload, a tail object, nothing left after a delete), storage that stops
/// answering mid-append (moto paused with SIGSTOP, which keeps its data, then resumed), and a writer
/// that lost the upload to another instance.
/// </summary>
public sealed class S3StagingStoreTests(MotoFixture moto) : IClassFixture<MotoFixture>, IDisposable
{
    private const int PartSize = S3StagingSettings.MinimumPartSize;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    private readonly string _prefix = MotoFixture.NewPrefix();
    private readonly List<IAmazonS3> _clients = [];

    public void Dispose()
    {
        moto.Server.Resume();
        _clients.ForEach(c => c.Dispose());
    }

    /// <summary>A store whose requests give up after a second and one retry, so that a paused
    /// server is reported soon; the bound stops a hang, it is not asserted.</summary>
    private S3StagingStore CreateStore(TimeSpan? timeout = null, int? retries = null) =>
        CreateStore(Client(timeout, retries));

    private S3StagingStore CreateStore(IAmazonS3 client) =>
        new(client, new S3StagingSettings(moto.Server.Bucket, _prefix, PartSize, $"127.0.0.1:{moto.Server.Port}"));

    private IAmazonS3 Client(TimeSpan? timeout = null, int? retries = null)
    {
        var client = moto.Server.CreateClient(timeout, retries);
        _clients.Add(client);
        return client;
    }

    private static Task<byte[]> ReadAllAsync(IStagingStore store, string id) => StagingStoreContract.ReadAllAsync(store, id);

    [Fact]
    public async Task PendingUpload_IsOneMultipartUploadOfFullParts_PlusATailObject()
    {
        var store = CreateStore();
        var id = UploadId.NewRandom();
        await store.CreateAsync(id, default);
        await store.AppendAsync(id, 0, new MemoryStream(RandomNumberGenerator.GetBytes(2 * PartSize + 1234)), long.MaxValue, Idle, null, default);

        var client = Client();
        var uploads = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = moto.Server.Bucket, Prefix = _prefix + id });
        var upload = Assert.Single(uploads.MultipartUploads);
        var parts = await client.ListPartsAsync(new ListPartsRequest { BucketName = moto.Server.Bucket, Key = upload.Key, UploadId = upload.UploadId });
        Assert.Equal([PartSize, PartSize], parts.Parts.Select(p => p.Size ?? -1));
        var objects = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = moto.Server.Bucket, Prefix = _prefix + id });
        var tail = Assert.Single(objects.S3Objects, o => o.Key.Contains("/tail-", StringComparison.Ordinal));
        Assert.Equal(1234, tail.Size);
    }

    [Fact]
    public async Task Delete_AfterACommitRead_LeavesNothingInTheBucket()
    {
        // The bucket is staging only: after the commit nothing of the document stays.
        var store = CreateStore();
        var id = UploadId.NewRandom();
        await store.CreateAsync(id, default);
        await store.AppendAsync(id, 0, new MemoryStream(RandomNumberGenerator.GetBytes(PartSize + 10)), long.MaxValue, Idle, null, default);
        await ReadAllAsync(store, id);
        await store.TruncateAsync(id, PartSize, default);
        await store.AppendAsync(id, PartSize, new MemoryStream(new byte[10]), long.MaxValue, Idle, null, default);
        await ReadAllAsync(store, id);
        await store.DeleteAsync(id, default);

        var client = Client();
        var uploads = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = moto.Server.Bucket, Prefix = _prefix });
        Assert.Empty(uploads.MultipartUploads ?? []);
        var objects = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = moto.Server.Bucket, Prefix = _prefix });
        Assert.Empty(objects.S3Objects ?? []);
    }

    [Fact]
    public async Task StorageStopsAnsweringMidBody_TheAppendReportsThePartsStored_AndTheUploadResumesAfterwards()
    {
        var store = CreateStore(TimeSpan.FromSeconds(1), retries: 1);
        var id = UploadId.NewRandom();
        await store.CreateAsync(id, default);
        var data = RandomNumberGenerator.GetBytes(3 * PartSize);
        // The storage stops answering once a part and a half were served: the second part cannot be stored.
        var source = new CallbackStream(data, PartSize + PartSize / 2, moto.Server.Pause);

        var result = await store.AppendAsync(id, 0, source, long.MaxValue, Idle, null, default);
        Assert.Equal(AppendStop.StagingUnavailable, result.Stop);
        Assert.Equal(PartSize, result.NewLength);
        Assert.Equal(PartSize, result.BytesWritten);
        await Assert.ThrowsAsync<StagingUnavailableException>(() => store.GetLengthAsync(id, default).AsTask());

        moto.Server.Resume();
        var other = CreateStore();
        Assert.Equal(PartSize, await other.GetLengthAsync(id, default));
        var rest = await other.AppendAsync(id, PartSize, new MemoryStream(data[PartSize..]), long.MaxValue, Idle, null, default);
        Assert.Equal(data.Length, rest.NewLength);
        Assert.Equal(data, await ReadAllAsync(other, id));
    }

    [Fact]
    public async Task StorageStopsAnsweringBeforeTheTailIsStored_TheAppendReportsWhatWasStoredBefore()
    {
        var store = CreateStore(TimeSpan.FromSeconds(1), retries: 1);
        var id = UploadId.NewRandom();
        await store.CreateAsync(id, default);
        var data = RandomNumberGenerator.GetBytes(2 * PartSize);
        await store.AppendAsync(id, 0, new MemoryStream(data[..1000]), long.MaxValue, Idle, null, default);
        // The body ends after a part and a bit; the storage stops answering just before its end.
        var body = data[1000..(PartSize + 5000)];
        var source = new CallbackStream(body, body.Length, moto.Server.Pause);

        var result = await store.AppendAsync(id, 1000, source, long.MaxValue, Idle, null, default);
        Assert.Equal(AppendStop.StagingUnavailable, result.Stop);
        Assert.Equal(PartSize, result.NewLength);

        moto.Server.Resume();
        Assert.Equal(PartSize, await store.GetLengthAsync(id, default));
        await store.AppendAsync(id, PartSize, new MemoryStream(data[PartSize..]), long.MaxValue, Idle, null, default);
        Assert.Equal(data, await ReadAllAsync(store, id));
    }

    [Fact]
    public async Task UnreachableStorage_IsReportedAsUnavailable_NotAsAnError()
    {
        var client = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey), new AmazonS3Config
        {
            // A port nobody listens on: connections are refused.
            ServiceURL = $"http://127.0.0.1:{LoopbackPorts.Reserve()}",
            AuthenticationRegion = MotoServer.Region,
            ForcePathStyle = true,
            MaxErrorRetry = 0,
        });
        _clients.Add(client);
        var store = CreateStore(client);
        var id = UploadId.NewRandom();
        await Assert.ThrowsAsync<StagingUnavailableException>(() => store.CreateAsync(id, default).AsTask());
        await Assert.ThrowsAsync<StagingUnavailableException>(() => store.GetLengthAsync(id, default).AsTask());
        await Assert.ThrowsAsync<StagingUnavailableException>(() => store.OpenReadAsync(id, default).AsTask());
        await Assert.ThrowsAsync<StagingUnavailableException>(() => store.DeleteAsync(id, default).AsTask());
        Assert.Contains("not writable", await store.CheckWritableAsync(default));
    }

    [Fact]
    public async Task WriterThatLostTheUpload_CannotOverwriteWhatTheNewHolderRecorded()
    {
        // Instance A's body stalls; meanwhile instance B (which took the upload over) appends. When
        // A's body ends, its record must not replace B's.
        var a = CreateStore();
        var b = CreateStore();
        var id = UploadId.NewRandom();
        await a.CreateAsync(id, default);
        var held = new StallingStream(RandomNumberGenerator.GetBytes(1000));
        var append = a.AppendAsync(id, 0, held, long.MaxValue, Idle, null, default);
        await held.FirstChunkServed.Task;

        var newer = RandomNumberGenerator.GetBytes(500);
        await b.AppendAsync(id, 0, new MemoryStream(newer), long.MaxValue, Idle, null, default);
        held.End();

        var result = await append.AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(AppendStop.LeaseLost, result.Stop);
        Assert.Equal(newer, await ReadAllAsync(b, id));
    }

    [Fact]
    public void VolumeId_NamesEndpointBucketAndPrefix()
    {
        var settings = new S3StagingSettings("bucket", "staging/", PartSize, "minio:9000");
        Assert.Equal("s3:minio:9000/bucket/staging/", settings.VolumeId);
        Assert.NotEqual(settings.VolumeId, (settings with { KeyPrefix = "other/" }).VolumeId);
    }
}
