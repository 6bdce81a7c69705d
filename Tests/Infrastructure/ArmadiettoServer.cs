using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// A real armadietto 0.6.6 (the npm package pinned in testenv/) on a free loopback port with its
/// own storage directory, one user and a read/write token for the whole storage.
/// </summary>
public sealed class ArmadiettoServer : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    private ArmadiettoServer(int port, string root)
    {
        Port = port;
        Root = root;
    }

    public int Port { get; }

    public string Origin => $"http://127.0.0.1:{Port}";

    private string Root { get; }

    public string StorageRoot => Path.Combine(Root, "storage");

    public string User => "alice";

    public string Token { get; private set; } = "";

    public static async Task<ArmadiettoServer> StartAsync()
    {
        var server = new ArmadiettoServer(ProxyProcess.FreePort(), Directory.CreateTempSubdirectory("rsrp-armadietto-").FullName);
        Directory.CreateDirectory(server.StorageRoot);
        var conf = new
        {
            allow_signup = true,
            storage_path = server.StorageRoot,
            cache_views = true,
            http = new { host = "127.0.0.1", port = server.Port },
            https = new { enable = false },
            logging = new { log_dir = Path.Combine(server.Root, "logs"), stdout = new[] { "error" }, log_files = new[] { "error" } },
            basePath = "",
        };
        await File.WriteAllTextAsync(Path.Combine(server.Root, "conf.json"), JsonSerializer.Serialize(conf));
        server.Token = await server.MintTokenAsync();
        await server.RunAsync();
        return server;
    }

    /// <summary>A new read/write token for <see cref="User"/> on the whole storage.</summary>
    public async Task<string> MintTokenAsync()
    {
        const string script = """
            const { FileTree } = require('armadietto');
            (async () => {
              const store = new FileTree({ path: process.argv[1] });
              try { await store.createUser({ username: process.argv[2], email: process.argv[2] + '@example.com', password: 'password123' }); } catch (e) {}
              process.stdout.write(await store.authorize('tests', process.argv[2], { '/': ['r', 'w'] }));
            })().catch(e => { console.error(e); process.exit(1); });
            """;
        var info = Node("-e", script, StorageRoot, User);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 && output.Length > 0 ? output.Trim() : throw new InvalidOperationException("Minting a token failed: " + error);
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private async Task RunAsync()
    {
        var info = Node(Path.Combine(TestEnvironment(), "node_modules", "armadietto", "bin", "armadietto.js"), "-c", Path.Combine(Root, "conf.json"));
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var deadline = DateTime.UtcNow.AddSeconds(60); // a safety net, not a timing assertion
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"armadietto exited with {process.ExitCode}:\n{_log}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"armadietto did not listen on {Port}:\n{_log}");
    }

    private ProcessStartInfo Node(params string[] arguments)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        info.Environment["NODE_PATH"] = Path.Combine(TestEnvironment(), "node_modules");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return info;
    }

    /// <summary>testenv/ at the repository root, with `npm ci` run on first use.</summary>
    private static string TestEnvironment()
    {
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "RsResumeProxy.sln")))
        {
            root = Path.GetDirectoryName(root);
        }
        var testenv = Path.Combine(root ?? throw new InvalidOperationException("Repository root not found."), "testenv");
        if (!Directory.Exists(Path.Combine(testenv, "node_modules", "armadietto")))
        {
            lock (typeof(ArmadiettoServer))
            {
                if (!Directory.Exists(Path.Combine(testenv, "node_modules", "armadietto")))
                {
                    using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = testenv })!;
                    npm.WaitForExit();
                    if (npm.ExitCode != 0)
                    {
                        throw new InvalidOperationException("npm ci in testenv/ failed.");
                    }
                }
            }
        }
        return testenv;
    }
}
