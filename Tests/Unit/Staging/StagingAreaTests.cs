using System.Security.Cryptography;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Tests.Staging;

public sealed class StagingAreaTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rsrp-staging-").FullName;
    private readonly StagingArea _staging;
    private readonly string _id = UploadId.NewRandom();

    public StagingAreaTests()
    {
        _staging = new StagingArea(_directory);
        _staging.CreateEmpty(_id);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Append_WritesTheBodyAndReportsTheNewLength()
    {
        var data = RandomNumberGenerator.GetBytes(200_000);
        var result = await _staging.AppendAsync(_id, 0, new MemoryStream(data), long.MaxValue, Idle, null, CancellationToken.None);
        Assert.Equal(AppendStop.EndOfBody, result.Stop);
        Assert.Equal(200_000, result.NewLength);
        Assert.Equal(data, await File.ReadAllBytesAsync(_staging.PathOf(_id)));
    }

    [Fact]
    public async Task Append_PastTheLimit_KeepsOnlyTheAllowedPrefix()
    {
        var data = RandomNumberGenerator.GetBytes(100_000);
        var result = await _staging.AppendAsync(_id, 0, new MemoryStream(data), 70_000, Idle, null, CancellationToken.None);
        Assert.Equal(AppendStop.LimitExceeded, result.Stop);
        Assert.Equal(70_000, _staging.LengthOf(_id));
        Assert.Equal(data[..70_000], await File.ReadAllBytesAsync(_staging.PathOf(_id)));
    }

    [Fact]
    public async Task Append_WhenTheSourceFailsMidBody_KeepsTheBytesReceived()
    {
        var data = RandomNumberGenerator.GetBytes(300_000);
        var source = new FailingStream(data, failAfter: 150_000);
        var result = await _staging.AppendAsync(_id, 0, source, long.MaxValue, Idle, null, CancellationToken.None);
        Assert.Equal(AppendStop.SourceFailed, result.Stop);
        Assert.Equal(result.NewLength, _staging.LengthOf(_id));
        Assert.True(result.NewLength > 0);
        Assert.Equal(data[..(int)result.NewLength], await File.ReadAllBytesAsync(_staging.PathOf(_id)));
    }

    [Fact]
    public async Task Append_WhenTheBodyStalls_StopsAfterTheIdleTimeoutAndKeepsBytes()
    {
        var source = new StallingStream(RandomNumberGenerator.GetBytes(10_000));
        var result = await _staging.AppendAsync(_id, 0, source, long.MaxValue, TimeSpan.FromMilliseconds(200), null, CancellationToken.None);
        Assert.Equal(AppendStop.IdleTimeout, result.Stop);
        Assert.Equal(10_000, _staging.LengthOf(_id));
    }

    [Fact]
    public async Task Append_WhenANewerRequestAsksToStop_ReportsSupersededAndKeepsBytes()
    {
        var source = new StallingStream(RandomNumberGenerator.GetBytes(5_000));
        using var stop = new CancellationTokenSource();
        var append = _staging.AppendAsync(_id, 0, source, long.MaxValue, Idle, null, stop.Token);
        await source.FirstChunkServed.Task;
        stop.Cancel();
        var result = await append;
        Assert.Equal(AppendStop.Superseded, result.Stop);
        Assert.Equal(5_000, _staging.LengthOf(_id));
    }

    [Fact]
    public async Task Append_AtAnOffsetThatIsNotTheFileLength_IsABug()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _staging.AppendAsync(_id, 10, new MemoryStream([1]), long.MaxValue, Idle, null, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Truncate_CutsBackAHeldBackByte()
    {
        await _staging.AppendAsync(_id, 0, new MemoryStream(new byte[10]), long.MaxValue, Idle, null, CancellationToken.None);
        _staging.Truncate(_id, 9);
        Assert.Equal(9, _staging.LengthOf(_id));
    }
}
