using System.Net;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Hosting;

/// <summary>
/// A proxy in its default configuration does not load the code of features that are off by default:
/// every assembly a process loads stays mapped, with its types, for the life of the process
/// (README, Performance: memory). Read from the running process's memory map, after an upload went
/// through every step (create, stage, probe, commit), so that the request paths are loaded too.
/// </summary>
public sealed class StartupFootprintTests : IAsyncLifetime
{
    private RecordingBackend _backend = null!;
    private ProxyProcess _proxy = null!;
    private string _data = null!;

    public async Task InitializeAsync()
    {
        _backend = await RecordingBackend.StartAsync();
        _data = Directory.CreateTempSubdirectory("rsrp-footprint-").FullName;
        _proxy = await ProxyProcess.StartAsync(_backend.Origin, _data);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _backend.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Theory]
    [InlineData("AWSSDK.Core.dll")] // S3 staging (ResumableUploads:StagingStore=S3)
    [InlineData("AWSSDK.S3.dll")]
    [InlineData("StackExchange.Redis.dll")] // Redis:Configuration
    [InlineData("OpenTelemetry.Exporter.OpenTelemetryProtocol.dll")] // OTEL_EXPORTER_OTLP_ENDPOINT
    [InlineData("Microsoft.AspNetCore.StaticFiles.dll")] // Examples:BrowserPath
    [InlineData("System.Private.Xml.dll")] // the data-protection key ring, for session affinity only
    [InlineData("System.Reflection.Metadata.dll")] // Serilog's scan of every DLL in the directory
    public async Task ADefaultProxy_AfterACompleteUpload_HasNotLoaded(string assembly)
    {
        using var http = new TusHttp("t");
        using var created = await http.PostAsync(_proxy.Origin + "/storage/alice/footprint.bin", 12, new byte[12]);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Single(_backend.Requests);

        var maps = await File.ReadAllTextAsync($"/proc/{_proxy.ProcessId}/maps");

        Assert.Contains("/RsResumeProxy.dll", maps);
        Assert.DoesNotContain("/" + assembly, maps);
    }
}
