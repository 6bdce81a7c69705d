using RsResumeProxy.Configuration;
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
    [SettingRange(typeof(TimeSpan), "00:00:00.001", "1.00:00:00",
        ErrorMessage = "Backend:PooledConnectionIdleTimeout must be positive and at most one day.")]
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Time to open a TCP connection to the backend.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.001", "1.00:00:00",
        ErrorMessage = "Backend:ConnectTimeout must be positive and at most one day.")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Ask the backend, before any byte of a new upload is staged, whether the token may
    /// write the document (<see cref="WriteAccessProbe"/>). Off only for a backend that does not
    /// honour If-Match: there the probe itself would write.</summary>
    public bool ProbeWriteAccess { get; set; } = true;

    /// <summary>How long a positive probe answer is reused for the same credential and module;
    /// zero asks every time. A token revoked meanwhile is refused at commit instead.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "01:00:00",
        ErrorMessage = "Backend:WriteAccessCacheDuration must be between 00:00:00 (no cache) and 01:00:00: a revoked token keeps staging for as long.")]
    public TimeSpan WriteAccessCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the probe may go without an answer before creation gives up with 503.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.001", "1.00:00:00",
        ErrorMessage = "Backend:WriteAccessProbeTimeout must be positive and at most one day.")]
    public TimeSpan WriteAccessProbeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Applies these settings to the handler YARP builds for a cluster.</summary>
    internal void ApplyTo(SocketsHttpHandler handler)
    {
        handler.PooledConnectionIdleTimeout = PooledConnectionIdleTimeout;
        handler.ConnectTimeout = ConnectTimeout;
        // Header values pass through as the client sent them, whatever their bytes.
        PassThrough.HeaderFidelity.Apply(handler);
    }
}
