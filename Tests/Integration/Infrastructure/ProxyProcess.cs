namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// The proxy as a separate operating-system process, for tests that kill it (kill -9 mid-upload)
/// or run several instances. Runs the RsResumeProxy.dll that the build put beside the tests'
/// Proxy project output, with settings on the command line; or, when the environment variable
/// <see cref="ExecutableVariable"/> names one, that executable: scripts/test.sh runs the test
/// classes marked <c>[Trait(ProxyProcess.Trait, ProxyProcess.Separate)]</c> once more against the
/// native build (README, "A native build").
/// </summary>
public sealed class ProxyProcess : IAsyncDisposable
{
    public const string ExecutableVariable = "RSRP_PROXY_EXECUTABLE";

    /// <summary>The trait of test classes that run the proxy only as a separate process, so that they
    /// test whichever build <see cref="ExecutableVariable"/> selects.</summary>
    public const string Trait = "Proxy";

    public const string Separate = "Process";

    // A safety net against a proxy that never starts, not a timing assertion.
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _process;
    private readonly IReadOnlyList<string> _launcher;

    private ProxyProcess(ChildProcess process, int port, string dataDirectory, string[] arguments, IReadOnlyList<string> launcher)
    {
        _launcher = launcher;
        _process = process;
        Port = port;
        DataDirectory = dataDirectory;
        Arguments = arguments;
    }

    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT, or https:// for a proxy started with <see cref="StartHttpsAsync"/>.</summary>
    public string Origin => Arguments[0]["--urls=".Length..];

    public string DataDirectory { get; }

    public string[] Arguments { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the process printed so far (its request log among it).</summary>
    public string Log => _process.Output;

    /// <param name="backend">The RS server's origin.</param>
    /// <param name="dataDirectory">Staging and state live below it; reuse it to restart.</param>
    /// <param name="port">0 picks a free port.</param>
    public static Task<ProxyProcess> StartAsync(string backend, string dataDirectory, int port = 0, params string[] settings) =>
        StartAsync([], backend, dataDirectory, port, settings);

    /// <summary>Starts the proxy listening on https; <paramref name="settings"/> name its certificate
    /// (Kestrel:Certificates:Default:...).</summary>
    public static Task<ProxyProcess> StartHttpsAsync(string backend, string dataDirectory, params string[] settings) =>
        StartAsync([], "https", backend, dataDirectory, 0, settings);

    /// <summary>Starts the proxy through <paramref name="launcher"/>, a command that ends by running
    /// the arguments it is given (for example <c>unshare</c> with a shell that mounts a filesystem
    /// first and then execs them), so the proxy keeps the launcher's process id.</summary>
    public static Task<ProxyProcess> StartAsync(IReadOnlyList<string> launcher, string backend, string dataDirectory, int port = 0, params string[] settings) =>
        StartAsync(launcher, "http", backend, dataDirectory, port, settings);

    private static async Task<ProxyProcess> StartAsync(IReadOnlyList<string> launcher, string scheme, string backend, string dataDirectory, int port, string[] settings)
    {
        if (port == 0)
        {
            port = LoopbackPorts.Reserve();
        }
        var arguments = ArgumentsFor(scheme, port, backend, dataDirectory, settings);
        var process = ChildProcess.Start([.. launcher, .. Command(), .. arguments]);
        var proxy = new ProxyProcess(process, port, dataDirectory, arguments.ToArray(), launcher);
        // Kestrel's own line, not a probe of the port: a probe would also succeed against
        // whatever else holds the port if this process failed to bind it.
        try
        {
            await process.WaitForLineAsync(line => line.Contains($"Now listening on: {proxy.Origin}", StringComparison.Ordinal),
                $"\"Now listening on: {proxy.Origin}\"", StartLimit);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return proxy;
    }

    /// <summary>Runs the proxy until it exits by itself, as one with a setting it refuses does; the
    /// caller reads its exit code and output. The bound only stops a proxy that starts after all.</summary>
    public static Task<ChildProcess> RunToExitAsync(string backend, string dataDirectory, params string[] settings) =>
        ChildProcess.RunAsync([.. Command(), .. ArgumentsFor("http", LoopbackPorts.Reserve(), backend, dataDirectory, settings)], StartLimit);

    private static List<string> ArgumentsFor(string scheme, int port, string backend, string dataDirectory, string[] settings)
    {
        var arguments = new List<string>
        {
            $"--urls={scheme}://127.0.0.1:{port}",
            $"--Backend:Address={backend}",
            $"--ResumableUploads:StagingDirectory={Path.Combine(dataDirectory, "staging")}",
            $"--ResumableUploads:StateDirectory={Path.Combine(dataDirectory, "state")}",
            "--ResumableUploads:DiskReserveBytes=0",
        };
        arguments.AddRange(settings.Select(s => "--" + s));
        return arguments;
    }

    /// <summary>The process id of the proxy (the launcher's, which execs it).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Restarts on the same port and data directory with the same settings.</summary>
    public Task<ProxyProcess> RestartAsync(params string[] extraSettings)
    {
        var backend = Arguments.First(a => a.StartsWith("--Backend:Address=", StringComparison.Ordinal))["--Backend:Address=".Length..];
        var settings = Arguments.Skip(5).Select(a => a[2..]).Concat(extraSettings).ToArray();
        return StartAsync(_launcher, new Uri(Origin).Scheme, backend, DataDirectory, Port, settings);
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash.</summary>
    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>Whether the proxy under test is a native executable (<see cref="ExecutableVariable"/>).</summary>
    public static bool IsNative => Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 };

    /// <summary>The command that runs the proxy, before its settings.</summary>
    public static IReadOnlyList<string> Command()
    {
        if (Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } executable)
        {
            return File.Exists(executable) ? [executable] : throw new FileNotFoundException($"{ExecutableVariable} names no file.", executable);
        }
        return ["dotnet", ProxyAssembly()];
    }

    /// <summary>Proxy/bin/&lt;Configuration&gt;/net10.0/RsResumeProxy.dll, built with the tests.</summary>
    private static string ProxyAssembly()
    {
        var testDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(testDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(testDirectory)!);
        var path = Path.Combine(RepositoryPaths.Root, "Proxy", "bin", configuration, framework, "RsResumeProxy.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the Proxy project first.", path);
    }
}
