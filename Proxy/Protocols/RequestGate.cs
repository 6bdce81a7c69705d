using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;

namespace RsResumeProxy.Protocols;

/// <summary>A bound on resumable-upload requests in flight (MaxConcurrentTusRequests, which counts
/// every protocol's). Beyond it a request is answered 503 at once rather than queued: a queue would
/// let slow clients hold everyone else.</summary>
internal sealed class RequestGate(IOptions<ResumableUploadOptions> options)
{
    private int _inFlight;

    /// <summary>True when the request may proceed; the caller must then call <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        var max = options.Value.MaxConcurrentTusRequests;
        if (Interlocked.Increment(ref _inFlight) <= max || max == 0)
        {
            return true;
        }
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
