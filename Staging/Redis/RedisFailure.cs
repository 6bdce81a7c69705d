using StackExchange.Redis;

namespace RsResumeProxy.Staging.Redis;

/// <summary>
/// Which exceptions mean "Redis cannot be used right now" (down, unreachable, too slow, loading
/// its data after a restart) rather than a bug. The request that meets one gets a 503 with
/// Retry-After; nothing staged is touched, and the upload resumes once Redis answers again.
/// </summary>
public static class RedisFailure
{
    /// <summary>Server replies that say "ask again later", not "your command is wrong".</summary>
    private static readonly string[] TransientServerReplies = ["LOADING", "READONLY", "MASTERDOWN", "BUSY", "TRYAGAIN", "CLUSTERDOWN"];

    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case RedisConnectionException:
                case RedisTimeoutException:
                    return true;
                case RedisServerException server when TransientServerReplies.Any(p => server.Message.StartsWith(p, StringComparison.Ordinal)):
                    return true;
            }
        }
        return false;
    }
}
