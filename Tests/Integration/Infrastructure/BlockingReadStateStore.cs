using Microsoft.Extensions.DependencyInjection;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// Wraps the proxy's real state store and, once armed, holds one chosen read of one upload until
/// the request that made it is aborted: a store read still in flight when the client resets its
/// connection, every time, instead of one time in hundreds.
/// </summary>
public sealed class BlockingReadStateStore(IUploadStateStore inner) : IUploadStateStore
{
    private string? _armedId;
    private int _readsUntilBlock;

    /// <summary>Fires when the blocked read has started.</summary>
    public TaskCompletionSource Blocked { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Fires once the blocked read has seen its request's abort.</summary>
    public TaskCompletionSource Cancelled { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Adds the wrapper around whatever store the proxy registered; for
    /// <c>builder.Host.ConfigureContainer&lt;IServiceCollection&gt;</c>, which runs after every registration.</summary>
    public static void Decorate(IServiceCollection services, Action<BlockingReadStateStore> created)
    {
        var original = services.Last(d => d.ServiceType == typeof(IUploadStateStore));
        services.Remove(original);
        services.AddSingleton<IUploadStateStore>(sp =>
        {
            var inner = original.ImplementationFactory is { } factory
                ? (IUploadStateStore)factory(sp)
                : original.ImplementationInstance as IUploadStateStore ?? (IUploadStateStore)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!);
            var store = new BlockingReadStateStore(inner);
            created(store);
            return store;
        });
    }

    /// <summary>Blocks the <paramref name="readNumber"/>-th read of <paramref name="id"/> from now (1 = the next).</summary>
    public void BlockRead(string id, int readNumber)
    {
        Blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _readsUntilBlock = readNumber;
        Volatile.Write(ref _armedId, id);
    }

    public async ValueTask<UploadState?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (id == Volatile.Read(ref _armedId) && Interlocked.Decrement(ref _readsUntilBlock) == 0)
        {
            Volatile.Write(ref _armedId, null);
            Blocked.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Cancelled.TrySetResult();
            }
        }
        return await inner.GetAsync(id, cancellationToken);
    }

    public ValueTask SaveAsync(UploadState state, CancellationToken cancellationToken) => inner.SaveAsync(state, cancellationToken);

    public ValueTask DeleteAsync(string id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);

    public IAsyncEnumerable<UploadState> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public IAsyncEnumerable<UploadState> ListPendingOfAsync(string owner, CancellationToken cancellationToken) => inner.ListPendingOfAsync(owner, cancellationToken);
}
