using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace RsResumeProxy.Operations;

/// <summary>
/// Renders the <see cref="ProxyMetrics"/> meter in the Prometheus text exposition format (0.0.4).
/// A MeterListener keeps running sums per label set for counters and cumulative buckets for
/// histograms; observable gauges are read at scrape time. Our own because the OpenTelemetry
/// Prometheus exporter for ASP.NET Core has only ever shipped as a prerelease, and this meter
/// needs nothing beyond counters, one histogram and two gauges.
/// </summary>
public sealed class PrometheusTextExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Meter _meter;
    private readonly MeterListener _listener = new();
    private readonly Dictionary<Instrument, Series> _series = [];
    private readonly object _gate = new();

    public PrometheusTextExporter(ProxyMetrics metrics)
    {
        _meter = metrics.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Several proxies in one process (tests) have meters of the same name: take only ours.
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                lock (_gate)
                {
                    _series[instrument] = new Series(instrument);
                }
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public string Render()
    {
        lock (_gate)
        {
            foreach (var series in _series.Values.Where(s => s.IsGauge))
            {
                series.Values.Clear();
            }
        }
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        lock (_gate)
        {
            foreach (var series in _series.Values.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal))
            {
                series.WriteTo(text);
            }
        }
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        lock (_gate)
        {
            if (_series.TryGetValue(instrument, out var series))
            {
                series.Add(labels, value);
            }
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }
        var pairs = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            pairs.Add($"{key}=\"{text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")}\"");
        }
        pairs.Sort(StringComparer.Ordinal);
        return "{" + string.Join(',', pairs) + "}";
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>One instrument's values by label set.</summary>
    private sealed class Series(Instrument instrument)
    {
        public Instrument Instrument { get; } = instrument;

        public bool IsGauge => Instrument is ObservableGauge<int> or ObservableGauge<long> or ObservableGauge<double>;

        private bool IsHistogram => Instrument is Histogram<double> or Histogram<long>;

        /// <summary>Counter sums, or the last observed gauge value.</summary>
        public Dictionary<string, double> Values { get; } = new(StringComparer.Ordinal);

        private readonly Dictionary<string, HistogramState> _histograms = new(StringComparer.Ordinal);

        private string BaseName => Instrument.Unit switch
        {
            "s" => Instrument.Name + "_seconds",
            "By" when !Instrument.Name.Contains("bytes", StringComparison.Ordinal) => Instrument.Name + "_bytes",
            _ => Instrument.Name,
        };

        public void Add(string labels, double value)
        {
            if (IsHistogram)
            {
                if (!_histograms.TryGetValue(labels, out var histogram))
                {
                    _histograms[labels] = histogram = new HistogramState(ProxyMetrics.CommitBuckets);
                }
                histogram.Record(value);
            }
            else if (IsGauge)
            {
                Values[labels] = value;
            }
            else
            {
                Values[labels] = Values.GetValueOrDefault(labels) + value;
            }
        }

        public void WriteTo(StringBuilder text)
        {
            var name = BaseName;
            var type = IsHistogram ? "histogram" : IsGauge ? "gauge" : "counter";
            var sample = type == "counter" ? name + "_total" : name;
            text.Append("# HELP ").Append(sample).Append(' ').Append(Instrument.Description?.Replace("\n", " ")).Append('\n');
            text.Append("# TYPE ").Append(sample).Append(' ').Append(type).Append('\n');
            if (IsHistogram)
            {
                foreach (var (labels, histogram) in _histograms)
                {
                    histogram.WriteTo(text, name, labels);
                }
                if (_histograms.Count == 0)
                {
                    new HistogramState(ProxyMetrics.CommitBuckets).WriteTo(text, name, string.Empty);
                }
                return;
            }
            if (Values.Count == 0 && !IsGauge)
            {
                // A counter that never moved is still reported, so dashboards see 0 rather than nothing.
                text.Append(sample).Append(" 0\n");
            }
            foreach (var (labels, value) in Values.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                text.Append(sample).Append(labels).Append(' ').Append(Number(value)).Append('\n');
            }
        }
    }

    private sealed class HistogramState(double[] bounds)
    {
        private readonly long[] _counts = new long[bounds.Length + 1];
        private double _sum;
        private long _count;

        public void Record(double value)
        {
            var bucket = Array.FindIndex(bounds, b => value <= b);
            _counts[bucket < 0 ? bounds.Length : bucket]++;
            _sum += value;
            _count++;
        }

        public void WriteTo(StringBuilder text, string name, string labels)
        {
            long cumulative = 0;
            for (var i = 0; i <= bounds.Length; i++)
            {
                cumulative += _counts[i];
                var le = i < bounds.Length ? Number(bounds[i]) : "+Inf";
                var withLe = labels.Length == 0 ? $"{{le=\"{le}\"}}" : labels[..^1] + $",le=\"{le}\"}}";
                text.Append(name).Append("_bucket").Append(withLe).Append(' ').Append(cumulative).Append('\n');
            }
            text.Append(name).Append("_sum").Append(labels).Append(' ').Append(Number(_sum)).Append('\n');
            text.Append(name).Append("_count").Append(labels).Append(' ').Append(_count).Append('\n');
        }
    }
}
