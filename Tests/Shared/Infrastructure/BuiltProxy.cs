using Microsoft.AspNetCore.Builder;
using RsResumeProxy.Hosting;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// The proxy's application built as the real entry point builds it, but not started: for tests of
/// what the host holds (its services, options, loggers). It gets its own staging and state
/// directories, removed with it. Settings are command-line arguments, as for <see cref="ProxyServer"/>.
/// </summary>
public sealed class BuiltProxy : IAsyncDisposable
{
    private readonly string _directory;

    private BuiltProxy(string directory, WebApplication app)
    {
        _directory = directory;
        App = app;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <param name="settings">Extra settings as "--Key=Value" arguments.</param>
    public static BuiltProxy Build(params string[] settings)
    {
        var directory = Directory.CreateTempSubdirectory("rsrp-built-").FullName;
        try
        {
            return new BuiltProxy(directory, ProxyApplication.Build([
                "--urls=http://127.0.0.1:0",
                $"--ResumableUploads:StagingDirectory={Path.Combine(directory, "staging")}",
                $"--ResumableUploads:StateDirectory={Path.Combine(directory, "state")}",
                .. settings,
            ]));
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
