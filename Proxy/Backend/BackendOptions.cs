namespace RsResumeProxy.Backend;

/// <summary>Connection settings towards the RS server, section "Backend".</summary>
public sealed class BackendOptions
{
    public const string Section = "Backend";

    /// <summary>
    /// Idle pooled connections are dropped after this. Node servers (armadietto) close idle
    /// keep-alive connections after 5 s; reusing one that the server is closing fails a PUT whose
    /// streamed body cannot be replayed, so the default stays below that.
    /// </summary>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Time to open a TCP connection to the backend.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
