using System.Security.Cryptography;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.ObjectStorage;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Tests.Staging;

/// <summary>
/// What every <see cref="IStagingStore"/> must do, run against each implementation by a subclass
/// (local disk, S3 on moto): the handlers rely on exactly this. Sizes are counted in
/// <see cref="PartSize"/>, the smallest part S3 takes, so that on object storage the appends cross
/// part boundaries and leave tails to fold; the disk store must simply not care.
/// </summary>
public abstract class StagingStoreContract
{
    protected const int PartSize = S3StagingSettings.MinimumPartSize;

    protected static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    /// <summary>A new store object on the subclass's storage: two calls are two instances that
    /// see the same staged bytes.</summary>
    protected abstract IStagingStore CreateStore();

    protected static byte[] Data(int length) => RandomNumberGenerator.GetBytes(length);

    protected static async Task<string> CreatedAsync(IStagingStore store)
    {
        var id = UploadId.NewRandom();
        await store.CreateAsync(id, default);
        return id;
    }

    protected static ValueTask<AppendResult> AppendAsync(IStagingStore store, string id, long offset, byte[] data, long maxBytes = long.MaxValue) =>
        store.AppendAsync(id, offset, new MemoryStream(data), maxBytes, Idle, null, CancellationToken.None);

    /// <summary>Everything staged for <paramref name="id"/>, as the commit reads it.</summary>
    internal static async Task<byte[]> ReadAllAsync(IStagingStore store, string id)
    {
        await using var stream = await store.OpenReadAsync(id, default);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task Length_OfAnUnknownUpload_IsMinusOne()
    {
        Assert.Equal(-1, await CreateStore().GetLengthAsync(UploadId.NewRandom(), default));
    }

    [Fact]
    public async Task Create_MakesAnEmptyUpload()
    {
        var store = CreateStore();
        var id = await CreatedAsync(store);
        Assert.Equal(0, await store.GetLengthAsync(id, default));
        Assert.Empty(await ReadAllAsync(store, id));
    }

    [Fact]
    public async Task Create_OfAnExistingUpload_EmptiesIt()
    {
        var store = CreateStore();
        var id = await CreatedAsync(store);
        await AppendAsync(store, id, 0, Data(PartSize + 1000));
        await store.CreateAsync(id, default);
        Assert.Equal(0, await store.GetLengthAsync(id, default));
        var fresh = Data(10);
        await AppendAsync(store, id, 0, fresh);
        Assert.Equal(fresh, await ReadAllAsync(store, id));
    }

    [Fact]
    public async Task Appends_AtTheOffset_ReportTheDurableLengthAndReadBackInOrder()
    {
        var store = CreateStore();
        var id = await CreatedAsync(store);
        var data = Data(3 * PartSize + 777);
        long offset = 0;
        foreach (var size in new[] { 1000, PartSize + 123, 2 * PartSize - 346 })
        {
            var result = await AppendAsync(store, id, offset, data[(int)offset..(int)(offset + size)]);
            Assert.Equal(AppendStop.EndOfBody, result.Stop);
            Assert.Equal(size, result.BytesWritten);
            Assert.Equal(offset + size, result.NewLength);
            offset += size;
            Assert.Equal(offset, await CreateStore().GetLengthAsync(id, default));
        }
        Assert.Equal(data, await ReadAllAsync(store, id));
    }

    [Fact]
    public async Task Append_AtAnOffsetThatIsNotTheLength_IsABug()
    {
        var store = CreateStore();
        var id = await CreatedAsync(store);
        await Assert.ThrowsAsync<InvalidOperationException>(() => AppendAsync(store, id, 10, [1]).AsTask());
    }

    [Fact]
    public async Task Append_PastTheLimit_KeepsOnlyTheAllowedPrefix()
    {
        var store = CreateStore();
        var id = await CreatedAsync(store);
        var data = Data(PartSize + 100_000);
        var result = await AppendAsync(store, id, 0, data, maxBytes: PartSize + 50_000);
        Assert.Equal(AppendStop.LimitExceeded, result.Stop);
        Assert.Equal(PartSize + 50_000, result.NewLength);
        Assert.Equal(data[..(PartSize + 50_000)], await ReadAllAsync(store, id));
    }

    [Fact]
    public async Task Append_CutMidBody_KeepsEveryByteReceived_AndTheUploadResumes()
    {
        var store = CreateStore();
        var id = await CreatedAsync(store);
        var data = Data(2 * PartSize);
        var cutAt = PartSize + 300_000;
        var result = await store.AppendAsync(id, 0, new FailingStream(data, cutAt), long.MaxValue, Idle, null, CancellationToken.None);
        Assert.Equal(AppendStop.SourceFailed, result.Stop);
        Assert.Equal(cutAt, result.NewLength);

        // The resume may come to any instance.
        var other = CreateStore();
        Assert.Equal(cutAt, await other.GetLengthAsync(id, default));
        var rest = await AppendAsync(other, id, cutAt, data[cutAt..]);
        Assert.Equal(data.Length, rest.NewLength);
        Assert.Equal(data, await ReadAllAsync(store, id));
    }

    [Fact]
    public async Task Append_WhenTheBodyStalls_StopsAfterTheIdleTimeoutAndKeepsBytes()
    {
        var store = CreateStore();
        var id = await CreatedAsync(store);
        var first = Data(10_000);
        var result = await store.AppendAsync(id, 0, new StallingStream(first), long.MaxValue, TimeSpan.FromMilliseconds(200), null, CancellationToken.None);
        Assert.Equal(AppendStop.IdleTimeout, result.Stop);
        Assert.Equal(10_000, await store.GetLengthAsync(id, default));
        Assert.Equal(first, await ReadAllAsync(store, id));
    }

    [Fact]
    public async Task Append_WhenANewerRequestAsksToStop_ReportsSupersededAndKeepsBytes()
    {
        var store = CreateStore();
        var id = await CreatedAsync(store);
        var source = new StallingStream(Data(5_000));
        using var stop = new CancellationTokenSource();
        var append = store.AppendAsync(id, 0, source, long.MaxValue, Idle, null, stop.Token);
        await source.FirstChunkServed.Task;
        stop.Cancel();
        var result = await append;
        Assert.Equal(AppendStop.Superseded, result.Stop);
        Assert.Equal(5_000, result.NewLength);
        Assert.Equal(5_000, await store.GetLengthAsync(id, default));
    }

    [Fact]
    public async Task Append_FeedsTheDigestEveryByteTakenInOrder()
    {
        var store = CreateStore();
        var id = await CreatedAsync(store);
        var data = Data(PartSize + 40_000);
        var digest = new RecordingDigest();
        await store.AppendAsync(id, 0, new MemoryStream(data), PartSize + 30_000, Idle, digest, CancellationToken.None);
        Assert.Equal(data[..(PartSize + 30_000)], digest.Bytes.ToArray());
    }

    [Fact]
    public async Task SmallAppends_OnEveryInstanceInTurn_AddUpAcrossPartBoundaries()
    {
        var id = await CreatedAsync(CreateStore());
        var sizes = new[] { 1_500_000, 2_700_001, 999_999, 3_000_000, 1, 4_194_303, 2_000_000 };
        var data = Data(sizes.Sum());
        long offset = 0;
        foreach (var size in sizes)
        {
            var result = await AppendAsync(CreateStore(), id, offset, data[(int)offset..(int)(offset + size)]);
            Assert.Equal(offset + size, result.NewLength);
            offset += size;
        }
        Assert.Equal(data, await ReadAllAsync(CreateStore(), id));
    }

    [Fact]
    public async Task Truncate_CutsBackTheLastBytes_AndAppendsContinueFromThere()
    {
        var store = CreateStore();
        var id = await CreatedAsync(store);
        var data = Data(PartSize + 1000);
        await AppendAsync(store, id, 0, data);
        await store.TruncateAsync(id, PartSize + 400, default);
        Assert.Equal(PartSize + 400, await store.GetLengthAsync(id, default));
        var rest = Data(600);
        await AppendAsync(store, id, PartSize + 400, rest);
        var expected = data[..(PartSize + 400)].Concat(rest).ToArray();
        Assert.Equal(expected, await ReadAllAsync(store, id));
    }

    [Fact]
    public async Task Truncate_BackAcrossPartBoundaries_KeepsThePrefix_AndAppendsContinue()
    {
        // A large checksummed chunk that failed its check is cut off again, whatever it spans.
        var store = CreateStore();
        var id = await CreatedAsync(store);
        var data = Data(2 * PartSize + 1000);
        await AppendAsync(store, id, 0, data);
        await store.TruncateAsync(id, PartSize - 10, default);
        Assert.Equal(PartSize - 10, await CreateStore().GetLengthAsync(id, default));
        Assert.Equal(data[..(PartSize - 10)], await ReadAllAsync(store, id));

        var again = Data(PartSize + 20);
        var result = await AppendAsync(CreateStore(), id, PartSize - 10, again);
        Assert.Equal(2 * PartSize + 10, result.NewLength);
        var expected = data[..(PartSize - 10)].Concat(again).ToArray();
        Assert.Equal(expected, await ReadAllAsync(store, id));
    }

    [Fact]
    public async Task Truncate_ToTheLengthOrLonger_ChangesNothing()
    {
        var store = CreateStore();
        var id = await CreatedAsync(store);
        var data = Data(1000);
        await AppendAsync(store, id, 0, data);
        await store.TruncateAsync(id, 1000, default);
        await store.TruncateAsync(id, 5000, default);
        Assert.Equal(data, await ReadAllAsync(store, id));
    }

    [Fact]
    public async Task HeldBackLastByte_AfterARefusedCommit_IsTakenAgainAndReadWhole()
    {
        // A refused commit read the whole document; the client then re-sends the held-back last byte.
        var store = CreateStore();
        var id = await CreatedAsync(store);
        var data = Data(2 * PartSize + 10);
        await AppendAsync(store, id, 0, data);
        Assert.Equal(data, await ReadAllAsync(store, id));

        var other = CreateStore();
        await other.TruncateAsync(id, data.Length - 1, default);
        Assert.Equal(data.Length - 1, await other.GetLengthAsync(id, default));
        var result = await AppendAsync(other, id, data.Length - 1, data[^1..]);
        Assert.Equal(data.Length, result.NewLength);
        Assert.Equal(data, await ReadAllAsync(other, id));
    }

    [Fact]
    public async Task Read_KnowsItsLength_AndCanBeRewound()
    {
        // An HTTP client that must send the commit's body again rewinds it.
        var store = CreateStore();
        var id = await CreatedAsync(store);
        var data = Data(PartSize + 5);
        await AppendAsync(store, id, 0, data);
        await using var stream = await store.OpenReadAsync(id, default);
        Assert.True(stream.CanSeek);
        Assert.Equal(data.Length, stream.Length);
        var start = new byte[100];
        await stream.ReadExactlyAsync(start);
        stream.Position = 0;
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task Delete_RemovesTheStagedBytes_AndIsHarmlessWhenThereAreNone()
    {
        var store = CreateStore();
        var id = await CreatedAsync(store);
        await AppendAsync(store, id, 0, Data(PartSize + 1));
        await store.DeleteAsync(id, default);
        Assert.Equal(-1, await CreateStore().GetLengthAsync(id, default));
        await store.DeleteAsync(id, default);
        await store.DeleteAsync(UploadId.NewRandom(), default);
    }

    [Fact]
    public async Task Instances_OnTheSameStorage_ShareTheVolumeIdAndTheBytes()
    {
        var first = CreateStore();
        var second = CreateStore();
        Assert.Equal(first.VolumeId, second.VolumeId);
        var id = await CreatedAsync(first);
        var data = Data(PartSize + 3000);
        await AppendAsync(first, id, 0, data[..2000]);
        await AppendAsync(second, id, 2000, data[2000..]);
        Assert.Equal(data, await ReadAllAsync(first, id));
    }

    [Fact]
    public async Task CheckWritable_OnWorkingStorage_ReportsNoProblem()
    {
        Assert.Null(await CreateStore().CheckWritableAsync(default));
    }

    private sealed class RecordingDigest : IIncrementalDigest
    {
        public MemoryStream Bytes { get; } = new();

        public void Append(ReadOnlySpan<byte> data) => Bytes.Write(data);
    }
}
