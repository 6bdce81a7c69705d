namespace RsResumeProxy.Staging.Locks;

/// <summary>Timings of <see cref="RedisUploadLockProvider"/>.</summary>
/// <param name="Expiry">How long a lock outlives its holder when the holder dies without releasing
/// it (kill -9, lost network): the upload is blocked at most this long.</param>
/// <param name="RenewInterval">How often a live holder extends its lock; well below
/// <paramref name="Expiry"/> so that one failed renewal does not lose it.</param>
/// <param name="Wait">How long a newer request waits for the stopped holder to let go (then 423).</param>
public sealed record RedisLockSettings(TimeSpan Expiry, TimeSpan RenewInterval, TimeSpan Wait);
