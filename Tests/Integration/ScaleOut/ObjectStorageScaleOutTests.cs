using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using RsResumeProxy.Staging.ObjectStorage;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.ScaleOut;

/// <summary>
/// Two proxy processes with a real Redis and staging in a real S3-compatible server (moto_server),
/// and no directory in common: any instance continues any upload, a killed instance loses no
/// acknowledged byte, storage that stops answering mid-upload costs a 503 with Retry-After and
/// nothing else, and the bucket keeps nothing once the document is committed. Every document is
/// compared byte for byte with what armadietto serves.
/// </summary>
[Trait(ProxyProcess.Trait, ProxyProcess.Separate)]
public sealed class ObjectStorageScaleOutTests(MotoFixture moto) : IClassFixture<MotoFixture>, IAsyncLifetime
{
    private const int PartSize = S3StagingSettings.MinimumPartSize;

    private readonly string _prefix = MotoFixture.NewPrefix();
    private ScaleOutCluster _cluster = null!;
    private IAmazonS3 _s3 = null!;

    public async Task InitializeAsync()
    {
        _s3 = moto.Server.CreateClient();
        _cluster = await ScaleOutCluster.StartOnObjectStorageAsync(moto.Server, _prefix);
    }

    public async Task DisposeAsync()
    {
        moto.Server.Resume();
        await _cluster.DisposeAsync();
        _s3.Dispose();
    }

    /// <summary>What the bucket holds for an upload, seen as another instance would see it.</summary>
    private Task<long> StagedLengthAsync(string path) =>
        new S3StagingStore(_s3, new S3StagingSettings(moto.Server.Bucket, _prefix, PartSize, "test"))
            .GetLengthAsync(_cluster.UploadIdOf(path), default).AsTask();

    /// <summary>Waits until the bucket holds at least one part of the upload at <paramref name="path"/>;
    /// gives up after a minute and leaves it to the test's next assertion to fail.</summary>
    private Task WaitForAStoredPartAsync(string path) =>
        Poll.UntilAsync(() => StagedLengthAsync(path).GetAwaiter().GetResult() >= PartSize, TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Upload_BegunOnOneInstance_IsFinishedOnTheOther_AndTheBucketKeepsNothing()
    {
        var data = RandomNumberGenerator.GetBytes(2 * PartSize + 300_000);
        var path = _cluster.Document("begun-on-a.bin");
        using var a = _cluster.Client(_cluster.A);
        using var b = _cluster.Client(_cluster.B);

        using (var created = await a.CreateAsync(path, data.Length, data[..(PartSize + 1000)]))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(PartSize + 1000, TusClient.Offset(created));
        }
        using (var head = await b.HeadAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(PartSize + 1000, TusClient.Offset(head));
        }
        using (var more = await b.PatchAsync(path, PartSize + 1000, data[(PartSize + 1000)..(PartSize + 2000)]))
        {
            Assert.Equal(HttpStatusCode.NoContent, more.StatusCode);
        }
        using (var finished = await a.PatchAsync(path, PartSize + 2000, data[(PartSize + 2000)..]))
        {
            Assert.True(finished.IsSuccessStatusCode, $"{finished.StatusCode}\n{_cluster.Logs()}");
            Assert.Equal(data.Length, TusClient.Offset(finished));
        }
        Assert.Equal(data, await _cluster.ReadFromArmadiettoAsync(path));

        var objects = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = moto.Server.Bucket, Prefix = _prefix });
        Assert.DoesNotContain(objects.S3Objects ?? [], o => !o.Key.Contains("/.ready-", StringComparison.Ordinal));
        var uploads = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = moto.Server.Bucket, Prefix = _prefix });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    [Fact]
    public async Task KilledInstance_MidPatch_LosesNoStoredByte_AndTheUploadResumesOnTheOther()
    {
        var data = RandomNumberGenerator.GetBytes(3 * PartSize);
        var path = _cluster.Document("killed.bin");
        using var a = _cluster.Client(_cluster.A);
        using var b = _cluster.Client(_cluster.B);
        using (var created = await a.CreateAsync(path, data.Length))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        // A part and a half: the first part is stored in the bucket, the rest is in A's memory.
        var stalling = new StallingContent(data[..(PartSize + PartSize / 2)], data.Length);
        var patch = a.PatchAsync(path, 0, stalling);
        await WaitForAStoredPartAsync(path);

        _cluster.A.Kill(); // SIGKILL, mid-body, holding the upload's lock
        stalling.Release();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => patch.WaitAsync(TimeSpan.FromMinutes(2)));

        // B waits out the dead holder's lock, then reports what the bucket holds: the stored part.
        using (var head = await b.HeadAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(PartSize, TusClient.Offset(head));
        }
        using var finished = await b.PatchAsync(path, PartSize, data[PartSize..]);
        Assert.True(finished.IsSuccessStatusCode, $"{finished.StatusCode}\n{_cluster.Logs()}");
        Assert.Equal(data, await _cluster.ReadFromArmadiettoAsync(path));
    }

    [Fact]
    public async Task StorageOutage_MidUpload_Answers503WithRetryAfter_LosesNothingAcknowledged_AndResumesAfter()
    {
        var data = RandomNumberGenerator.GetBytes(2 * PartSize + 500_000);
        var path = _cluster.Document("through-outage.bin");
        using var a = _cluster.Client(_cluster.A);
        using var b = _cluster.Client(_cluster.B);
        using (var created = await a.CreateAsync(path, data.Length, data[..1000]))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // The body goes on after a part is stored; the storage stops answering before its last byte.
        var body = data[1000..(PartSize + 200_000)];
        var content = new GatedContent(body[..^1], body[^1..], async () =>
        {
            await WaitForAStoredPartAsync(path);
            moto.Server.Pause();
        });
        using (var patch = await b.PatchAsync(path, 1000, content))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, patch.StatusCode);
            Assert.NotNull(patch.Headers.RetryAfter);
            Assert.Equal(PartSize, TusClient.Offset(patch));
        }
        using (var head = await a.HeadAsync(path))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, head.StatusCode);
            Assert.NotNull(head.Headers.RetryAfter);
        }

        moto.Server.Resume();
        using (var head = await a.HeadAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(PartSize, TusClient.Offset(head));
        }
        using var finished = await a.PatchAsync(path, PartSize, data[PartSize..]);
        Assert.True(finished.IsSuccessStatusCode, $"{finished.StatusCode}\n{_cluster.Logs()}");
        Assert.Equal(data, await _cluster.ReadFromArmadiettoAsync(path));
    }

    /// <summary>A body that sends <paramref name="first"/>, waits for <paramref name="gate"/>, then
    /// sends <paramref name="rest"/>.</summary>
    private sealed class GatedContent(byte[] first, byte[] rest, Func<Task> gate) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(first);
            await stream.FlushAsync();
            await gate();
            await stream.WriteAsync(rest);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = first.Length + rest.Length;
            return true;
        }
    }
}
