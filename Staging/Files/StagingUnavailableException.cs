namespace RsResumeProxy.Staging.Files;

/// <summary>
/// A staging store cannot be used right now: its object storage is down, unreachable, too slow,
/// or refuses this instance (bad credentials, a missing bucket). Thrown only before a store changed
/// anything, or after it made its change durable, so what it holds is consistent and an offset it
/// reports later is the truth. Whoever answers the request maps it to 503 with Retry-After, the
/// way <see cref="Redis.RedisFailure"/> is mapped for the coordination store.
/// </summary>
public sealed class StagingUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
