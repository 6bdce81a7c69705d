using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port, with no automatic persistence (--save '',
/// --appendonly no) and its own directory. <see cref="StopAsync"/> can save a snapshot first so
/// that <see cref="RestartAsync"/> comes back with the same data, as a Redis with persistence
/// would after a restart.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private readonly StringBuilder _log = new();
    private Process? _process;

    private RedisServer(int port, string directory)
    {
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    /// <summary>The StackExchange.Redis connection string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    public bool IsRunning => _process is { HasExited: false };

    public string Log
    {
        get { lock (_log) { return _log.ToString(); } }
    }

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(LoopbackPorts.Reserve(), System.IO.Directory.CreateTempSubdirectory("rsrp-redis-").FullName);
        await server.RunAsync();
        return server;
    }

    /// <summary>Stops the server. With <paramref name="saveSnapshot"/> it writes its data to disk
    /// first (SHUTDOWN SAVE) and the next start loads it; without, the data is gone.</summary>
    public async Task StopAsync(bool saveSnapshot = true)
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var command = saveSnapshot ? "SHUTDOWN SAVE" : "SHUTDOWN NOSAVE";
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        }
        catch (SocketException)
        {
        }
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(safety.Token);
    }

    /// <summary>Starts again on the same port and directory (loading the snapshot, if saved).</summary>
    public Task RestartAsync() => RunAsync();

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }

    private async Task RunAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is required for these tests (apt-get install redis-server).");
        }
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--save", "", "--appendonly", "no", "--port", Port.ToString(), "--bind", "127.0.0.1",
                     "--dir", Directory, "--dbfilename", "dump.rdb", "--daemonize", "no", "--protected-mode", "yes" })
        {
            info.ArgumentList.Add(argument);
        }
        _process?.Dispose();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        // A safety net against a server that never starts, not a timing assertion.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {process.ExitCode}:\n{Log}");
            }
            if (await AnswersPingAsync())
            {
                return;
            }
            await Task.Delay(20);
        }
        throw new InvalidOperationException($"redis-server did not answer on {Port}:\n{Log}");
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer);
            // "-LOADING" while a snapshot loads: not ready yet.
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return false;
        }
    }
}
