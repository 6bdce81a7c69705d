using System.Diagnostics;
using System.Text;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// The proxy as a separate operating-system process, for tests that kill it (kill -9 mid-upload)
/// or run several instances. Runs the RsResumeProxy.dll that the build put beside the tests'
/// Proxy project output, with settings on the command line.
/// </summary>
public sealed class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly IReadOnlyList<string> _launcher;

    private ProxyProcess(Process process, StringBuilder log, int port, string dataDirectory, string[] arguments, IReadOnlyList<string> launcher)
    {
        _launcher = launcher;
        _process = process;
        _log = log;
        Port = port;
        DataDirectory = dataDirectory;
        Arguments = arguments;
    }

    public int Port { get; }

    public string Origin => $"http://127.0.0.1:{Port}";

    public string DataDirectory { get; }

    public string[] Arguments { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the process printed so far (its request log among it).</summary>
    public string Log
    {
        get { lock (_log) { return _log.ToString(); } }
    }

    /// <param name="backend">The RS server's origin.</param>
    /// <param name="dataDirectory">Staging and state live below it; reuse it to restart.</param>
    /// <param name="port">0 picks a free port.</param>
    public static Task<ProxyProcess> StartAsync(string backend, string dataDirectory, int port = 0, params string[] settings) =>
        StartAsync([], backend, dataDirectory, port, settings);

    /// <summary>Starts the proxy through <paramref name="launcher"/>, a command that ends by running
    /// the arguments it is given (for example <c>unshare</c> with a shell that mounts a filesystem
    /// first and then execs them), so the proxy keeps the launcher's process id.</summary>
    public static async Task<ProxyProcess> StartAsync(IReadOnlyList<string> launcher, string backend, string dataDirectory, int port = 0, params string[] settings)
    {
        if (port == 0)
        {
            port = LoopbackPorts.Reserve();
        }
        var arguments = new List<string>
        {
            ProxyAssembly(),
            $"--urls=http://127.0.0.1:{port}",
            $"--Backend:Address={backend}",
            $"--ResumableUploads:StagingDirectory={Path.Combine(dataDirectory, "staging")}",
            $"--ResumableUploads:StateDirectory={Path.Combine(dataDirectory, "state")}",
            "--ResumableUploads:DiskReserveBytes=0",
        };
        arguments.AddRange(settings.Select(s => "--" + s));
        var command = launcher.Concat(["dotnet", .. arguments]).ToList();
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }
        var log = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new ProxyProcess(process, log, port, dataDirectory, arguments.Skip(1).ToArray(), launcher);
        await proxy.WaitUntilListeningAsync();
        return proxy;
    }

    /// <summary>The process id of the proxy (the launcher's, which execs it).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Restarts on the same port and data directory with the same settings.</summary>
    public Task<ProxyProcess> RestartAsync(params string[] extraSettings)
    {
        var backend = Arguments.First(a => a.StartsWith("--Backend:Address=", StringComparison.Ordinal))["--Backend:Address=".Length..];
        var settings = Arguments.Skip(5).Select(a => a[2..]).Concat(extraSettings).ToArray();
        return StartAsync(_launcher, backend, DataDirectory, Port, settings);
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilListeningAsync()
    {
        // A safety net against a proxy that never starts, not a timing assertion.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The proxy exited with {_process.ExitCode} during start-up:\n{Log}");
            }
            // Kestrel's own line, not a probe of the port: a probe would also succeed against
            // whatever else holds the port if this process failed to bind it.
            if (Log.Contains($"Now listening on: {Origin}", StringComparison.Ordinal))
            {
                return;
            }
            await Task.Delay(50);
        }
        Kill();
        throw new InvalidOperationException($"The proxy did not listen on {Port}:\n{Log}");
    }

    /// <summary>Proxy/bin/&lt;Configuration&gt;/net10.0/RsResumeProxy.dll, built with the tests.</summary>
    private static string ProxyAssembly()
    {
        var testDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(testDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(testDirectory)!);
        var root = testDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "RsResumeProxy.sln")))
        {
            root = Path.GetDirectoryName(root);
        }
        var path = Path.Combine(root ?? throw new InvalidOperationException("Repository root not found."), "Proxy", "bin", configuration, framework, "RsResumeProxy.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the Proxy project first.", path);
    }
}
