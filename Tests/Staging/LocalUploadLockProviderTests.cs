using RsResumeProxy.Staging.Locks;

namespace RsResumeProxy.Tests.Staging;

public sealed class LocalUploadLockProviderTests
{
    [Fact]
    public async Task NewerRequest_StopsTheHolder_AndGetsTheLeaseOnceReleased()
    {
        var locks = new LocalUploadLockProvider(TimeSpan.FromSeconds(30));
        var first = await locks.AcquireAsync("u", default);
        Assert.NotNull(first);
        // The holder releases as soon as it is asked to stop, as a PATCH whose read is cancelled does.
        first!.StopRequested.Register(() => _ = first.DisposeAsync().AsTask());

        var second = await locks.AcquireAsync("u", default);

        Assert.NotNull(second);
        Assert.True(first.StopRequested.IsCancellationRequested);
        Assert.False(second!.StopRequested.IsCancellationRequested);
        await second.DisposeAsync();
    }

    [Fact]
    public async Task HolderThatDoesNotLetGo_MakesTheNewerRequestGiveUp()
    {
        var locks = new LocalUploadLockProvider(TimeSpan.FromMilliseconds(100));
        await using var stubborn = await locks.AcquireAsync("u", default);
        Assert.Null(await locks.AcquireAsync("u", default));
    }

    [Fact]
    public async Task DifferentUploads_DoNotContend()
    {
        var locks = new LocalUploadLockProvider(TimeSpan.FromMilliseconds(100));
        await using var a = await locks.AcquireAsync("a", default);
        await using var b = await locks.AcquireAsync("b", default);
        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.False(a!.StopRequested.IsCancellationRequested);
    }

    [Fact]
    public async Task ReleasedLease_CanBeTakenAgainAtOnce()
    {
        var locks = new LocalUploadLockProvider(TimeSpan.FromMilliseconds(100));
        var first = await locks.AcquireAsync("u", default);
        await first!.DisposeAsync();
        await first.DisposeAsync(); // twice is harmless
        await using var again = await locks.AcquireAsync("u", default);
        Assert.NotNull(again);
    }
}
