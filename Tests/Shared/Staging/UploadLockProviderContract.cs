using RsResumeProxy.Staging.Locks;

namespace RsResumeProxy.Tests.Staging;

/// <summary>What every <see cref="IUploadLockProvider"/> must do, run against each implementation.</summary>
public abstract class UploadLockProviderContract
{
    /// <summary>A provider whose newer requests wait <paramref name="wait"/> for a holder to let go.
    /// Providers made by one test share their locks (same process, or same Redis).</summary>
    protected abstract IUploadLockProvider CreateProvider(TimeSpan wait);

    [Fact]
    public async Task NewerRequest_StopsTheHolder_AndGetsTheLeaseOnceReleased()
    {
        var holderSide = CreateProvider(TimeSpan.FromSeconds(30));
        var newerSide = CreateProvider(TimeSpan.FromSeconds(30));
        var first = await holderSide.AcquireAsync("u", default);
        Assert.NotNull(first);
        // The holder releases as soon as it is asked to stop, as a PATCH whose read is cancelled does.
        first!.StopRequested.Register(() => _ = first.DisposeAsync().AsTask());

        await using var second = await newerSide.AcquireAsync("u", default);

        Assert.NotNull(second);
        Assert.True(first.StopRequested.IsCancellationRequested);
        Assert.False(second!.StopRequested.IsCancellationRequested);
        Assert.False(second.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task HolderThatDoesNotLetGo_MakesTheNewerRequestGiveUp()
    {
        var locks = CreateProvider(TimeSpan.FromMilliseconds(300));
        await using var stubborn = await locks.AcquireAsync("u", default);
        Assert.NotNull(stubborn);
        Assert.Null(await CreateProvider(TimeSpan.FromMilliseconds(300)).AcquireAsync("u", default));
        Assert.True(stubborn!.StopRequested.IsCancellationRequested);
    }

    [Fact]
    public async Task AnAcquireWhoseRequestIsGone_LeavesTheUploadFree()
    {
        var locks = CreateProvider(TimeSpan.FromMilliseconds(500));
        await (await locks.AcquireAsync("warm-up", default))!.DisposeAsync();
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();
        try
        {
            // A provider may hand out the lease all the same; the caller then releases it.
            var lease = await locks.AcquireAsync("u", gone.Token);
            if (lease is not null) await lease.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
        }

        await using var next = await CreateProvider(TimeSpan.FromMilliseconds(500)).AcquireAsync("u", default);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task DifferentUploads_DoNotContend()
    {
        var locks = CreateProvider(TimeSpan.FromMilliseconds(100));
        await using var a = await locks.AcquireAsync("a", default);
        await using var b = await locks.AcquireAsync("b", default);
        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.False(a!.StopRequested.IsCancellationRequested);
    }

    [Fact]
    public async Task ReleasedLease_CanBeTakenAgainAtOnce_AndTwiceReleasedIsHarmless()
    {
        var locks = CreateProvider(TimeSpan.FromMilliseconds(100));
        var first = await locks.AcquireAsync("u", default);
        await first!.DisposeAsync();
        await first.DisposeAsync();
        await using var again = await CreateProvider(TimeSpan.FromMilliseconds(100)).AcquireAsync("u", default);
        Assert.NotNull(again);
        Assert.False(again!.StopRequested.IsCancellationRequested);
    }

    [Fact]
    public async Task WaitingRequest_GivesUpWhenItsClientLeaves()
    {
        var locks = CreateProvider(TimeSpan.FromSeconds(30));
        await using var holder = await locks.AcquireAsync("u", default);
        using var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await CreateProvider(TimeSpan.FromSeconds(30)).AcquireAsync("u", gone.Token));
    }
}
