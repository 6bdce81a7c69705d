using System.ComponentModel.DataAnnotations;

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
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00",
        ErrorMessage = "Backend:PooledConnectionIdleTimeout must be positive and at most one day.")]
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Time to open a TCP connection to the backend.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00",
        ErrorMessage = "Backend:ConnectTimeout must be positive and at most one day.")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Applies these settings to the handler YARP builds for a cluster.</summary>
    internal void ApplyTo(SocketsHttpHandler handler)
    {
        handler.PooledConnectionIdleTimeout = PooledConnectionIdleTimeout;
        handler.ConnectTimeout = ConnectTimeout;
    }
}
