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

    // Safety nets against a server that never starts or never stops, not timing assertions.
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _earlierRuns = new();
    private ChildProcess? _process;

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

    /// <summary>What redis-server printed, over all its runs.</summary>
    public string Log => _earlierRuns + _process?.Output;

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
        await _process.WaitForExitAsync(StopLimit);
    }

    /// <summary>Starts again on the same port and directory (loading the snapshot, if saved).</summary>
    public Task RestartAsync() => RunAsync();

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }

    private async Task RunAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is required for these tests (apt-get install redis-server).");
        }
        if (_process is not null)
        {
            _earlierRuns.Append(_process.Output);
            await _process.DisposeAsync();
        }
        _process = ChildProcess.Start([Executable, "--save", "", "--appendonly", "no", "--port", Port.ToString(), "--bind", "127.0.0.1",
            "--dir", Directory, "--dbfilename", "dump.rdb", "--daemonize", "no", "--protected-mode", "yes"]);
        await _process.WaitUntilAsync(AnswersPingAsync, $"PONG on port {Port}", StartLimit);
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
