using System.Diagnostics.Metrics;
using RsResumeProxy.Staging.Files;

namespace RsResumeProxy.Operations;

/// <summary>
/// The proxy's metrics, as System.Diagnostics.Metrics instruments on the "RsResumeProxy" meter:
/// OpenTelemetry collects them (AddOperations), serves them at Operations:MetricsPath and, when
/// OTLP is configured, exports them.
/// </summary>
public sealed class ProxyMetrics
{
    public const string MeterName = "RsResumeProxy";

    /// <summary>Commit durations: a small document commits in milliseconds, an 8 GiB one in minutes.</summary>
    internal static readonly double[] CommitBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly Counter<long> _created;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _bytesCommitted;
    private readonly Histogram<double> _commitDuration;

    public ProxyMetrics(IMeterFactory meters, IStagingStore staging)
    {
        Meter = meters.Create(MeterName);
        _created = Meter.CreateCounter<long>("rsrp_uploads_created", "{upload}", "Uploads created (tus POST or resumable PUT).");
        _completed = Meter.CreateCounter<long>("rsrp_uploads_completed", "{upload}", "Uploads whose final PUT the RS server accepted.");
        _failed = Meter.CreateCounter<long>("rsrp_uploads_failed", "{upload}", "Final PUTs that did not store the document (reason: refused by the RS server, or unavailable); the bytes are kept.");
        _expired = Meter.CreateCounter<long>("rsrp_uploads_expired", "{upload}", "Pending uploads removed after ExpireAfter without activity.");
        // No unit on the two byte counters: their names carry it, and the Prometheus exporter would
        // append "_bytes" to a counter whose unit is "By" (rsrp_bytes_received_bytes_total).
        _bytesReceived = Meter.CreateCounter<long>("rsrp_bytes_received", null, "Upload body bytes written to staging.");
        _bytesCommitted = Meter.CreateCounter<long>("rsrp_bytes_committed", null, "Document bytes the RS server accepted.");
        _commitDuration = Meter.CreateHistogram<double>("rsrp_commit_duration", "s", "Time of the final PUT to the RS server.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CommitBuckets });
        Meter.CreateObservableGauge("rsrp_uploads_active", () => staging.Census().Uploads, "{upload}", "Pending uploads with staged bytes on this instance's staging volume.");
        Meter.CreateObservableGauge("rsrp_staged_bytes", () => staging.Census().Bytes, "By", "Bytes staged on this instance's staging volume.");
    }

    public Meter Meter { get; }

    public void UploadCreated() => _created.Add(1);

    public void UploadExpired() => _expired.Add(1);

    public void BytesReceived(long bytes)
    {
        if (bytes > 0)
        {
            _bytesReceived.Add(bytes);
        }
    }

    public void CommitAccepted(long bytes, TimeSpan duration)
    {
        _completed.Add(1);
        _bytesCommitted.Add(bytes);
        _commitDuration.Record(duration.TotalSeconds);
    }

    /// <param name="reason">"refused" (the RS server said no) or "unavailable" (it could not be reached or failed).</param>
    public void CommitFailed(string reason, TimeSpan duration)
    {
        _failed.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _commitDuration.Record(duration.TotalSeconds);
    }
}
