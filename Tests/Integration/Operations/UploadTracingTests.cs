using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using RsResumeProxy.Operations;
using RsResumeProxy.Tests.Infrastructure;
using RsResumeProxy.Tests.ScaleOut;

namespace RsResumeProxy.Tests.Operations;

/// <summary>
/// The "RsResumeProxy" ActivitySource: one span per upload operation and one per commit, as an
/// OTLP collector would receive them, against a backend that records the one PUT.
/// </summary>
public sealed class UploadTracingTests
{
    [Fact]
    public async Task EachOperationAndTheCommit_HaveASpan_WithTheUploadIdAndNoToken()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == UploadActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin);
        const string token = "tracing-secret-token";
        using var tus = new TusClient(proxy.Origin, token);
        var data = RandomNumberGenerator.GetBytes(100_000);
        const string path = "/storage/user/docs/traced.bin";

        using (var created = await tus.CreateAsync(path, data.Length, data[..40_000]))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        // The staged file is named by the upload id; other tests in this process trace too.
        var uploadId = Path.GetFileNameWithoutExtension(Assert.Single(Directory.GetFiles(proxy.StagingDirectory, "*.bin")));
        using (var finished = await tus.PatchAsync(path, 40_000, data[40_000..]))
        {
            Assert.True(finished.IsSuccessStatusCode);
        }

        var ours = stopped.Where(a => Equals(a.GetTagItem("rsrp.upload.id"), uploadId)).ToList();
        var creation = Assert.Single(ours, a => a.OperationName == "Create");
        Assert.Equal(201, creation.GetTagItem("http.response.status_code"));
        Assert.Equal(40_000L, creation.GetTagItem("rsrp.upload.offset"));
        var append = Assert.Single(ours, a => a.OperationName == "Append");
        Assert.Equal(60_000L, append.GetTagItem("http.request.body.size"));
        Assert.Equal(100_000L, append.GetTagItem("rsrp.upload.offset"));
        var commit = Assert.Single(ours, a => a.OperationName == "Commit");
        // The creation's body began the PUT (commit ahead) and the append finished it: the commit
        // span is the child of the request that started it.
        Assert.Equal(creation.SpanId, commit.ParentSpanId);
        Assert.Equal(201, commit.GetTagItem("http.response.status_code"));
        Assert.Equal(true, commit.GetTagItem("rsrp.commit.stored"));
        Assert.Equal(100_000L, commit.GetTagItem("http.request.body.size"));
        Assert.Single(backend.Requests, r => r.Method == "PUT");
        Assert.DoesNotContain(ours.SelectMany(a => a.TagObjects), tag => tag.Value?.ToString()?.Contains(token) == true);
    }

    [Fact]
    public async Task OtlpExport_IsOffByDefault_AndOnWithTheStandardEndpointSetting()
    {
        await using (var plain = await ProxyServer.StartAsync("http://127.0.0.1:9"))
        {
            Assert.Null(plain.Services.GetService<TracerProvider>());
        }
        await using (var exporting = await ProxyServer.StartAsync("http://127.0.0.1:9", "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9"))
        {
            Assert.NotNull(exporting.Services.GetService<TracerProvider>());
        }
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            ProxyServer.StartAsync("http://127.0.0.1:9", "OTEL_EXPORTER_OTLP_ENDPOINT=collector"));
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", error.Message);
    }
}
