using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RsResumeProxy.Hosting;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// The proxy on real loopback Kestrel, in this test process, with its own staging and state
/// directories. Settings are passed exactly as an operator would, as command-line arguments.
/// </summary>
public sealed class ProxyServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProxyServer(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Address = address;
    }

    /// <summary>http://127.0.0.1:PORT (no trailing slash).</summary>
    public Uri Address { get; }

    public string Origin => Address.ToString().TrimEnd('/');

    public string DataDirectory { get; }

    public string StagingDirectory => Path.Combine(DataDirectory, "staging");

    public string StateDirectory => Path.Combine(DataDirectory, "state");

    public IServiceProvider Services => _app.Services;

    /// <param name="backend">The RS server's origin, e.g. http://127.0.0.1:8765.</param>
    /// <param name="settings">Extra settings as "Key=Value" pairs, e.g. "ResumableUploads:MaxUploadSize=1000".</param>
    public static async Task<ProxyServer> StartAsync(string backend, params string[] settings)
    {
        var data = Directory.CreateTempSubdirectory("rsrp-proxy-").FullName;
        try
        {
            return await StartInAsync(data, backend, settings);
        }
        catch
        {
            // Tests that expect a refused start would otherwise leave the directory behind.
            Directory.Delete(data, recursive: true);
            throw;
        }
    }

    /// <summary>Starts a proxy whose host the test adjusts before it is built, for example to
    /// give it a clock the test controls (<see cref="ShiftedTimeProvider"/>).</summary>
    public static async Task<ProxyServer> StartAsync(string backend, Action<WebApplicationBuilder> configure, params string[] settings)
    {
        var data = Directory.CreateTempSubdirectory("rsrp-proxy-").FullName;
        return await StartInAsync(data, backend, settings, configure);
    }

    /// <summary>Starts a proxy on an existing data directory (a restart keeps its uploads).</summary>
    public static Task<ProxyServer> StartInAsync(string dataDirectory, string backend, params string[] settings) =>
        StartInAsync(dataDirectory, backend, settings, configure: null);

    private static async Task<ProxyServer> StartInAsync(string dataDirectory, string backend, string[] settings, Action<WebApplicationBuilder>? configure)
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            $"--Backend:Address={backend}",
            $"--ResumableUploads:StagingDirectory={Path.Combine(dataDirectory, "staging")}",
            $"--ResumableUploads:StateDirectory={Path.Combine(dataDirectory, "state")}",
            "--ResumableUploads:DiskReserveBytes=0",
            "--Serilog:MinimumLevel:Default=Warning",
        };
        args.AddRange(settings.Select(s => "--" + s));
        var app = ProxyApplication.Build(args.ToArray(), configure);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ProxyServer(app, dataDirectory, new Uri(address));
    }

    /// <summary>Stops the host but keeps the data directory (for restart tests).</summary>
    public async Task StopAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
        }
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
