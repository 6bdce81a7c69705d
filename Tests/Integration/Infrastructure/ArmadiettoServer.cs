using System.Net;
using System.Text;
using System.Text.Json;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// A real, unmodified remoteStorage server (armadietto 0.6.6 from testenv, "monolithic" file-tree store) running
/// as a child process on 127.0.0.1 with its own temporary data directory, a signed-up user and a <c>*:rw</c>
/// bearer token. End-to-end tests put the proxy in front of it; the behaviour the proxy must preserve is this
/// server's, not a mock's.
/// </summary>
/// <remarks>
/// Quirks of armadietto that tests will meet: a missing or bad token gives 403 (not 401), ETags are millisecond
/// timestamps, request bodies are buffered whole in the server (keep documents well under 512 MiB), and Node's
/// keep-alive timeout is 5 s.
/// </remarks>
public sealed class ArmadiettoServer : IAsyncDisposable
{
    /// <summary>Password given to every user this class signs up (tests have no reason to vary it).</summary>
    public const string DefaultPassword = "rstest-pass-123";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private const int MaxLogChars = 256 * 1024;
    private static readonly JsonSerializerOptions ConfJson = new() { WriteIndented = true };

    private readonly HttpClient http;
    // Output of the runs before the current one (a test may stop and restart the server).
    private readonly StringBuilder earlierRuns = new();
    private ChildProcess? process;
    private bool disposed;

    private ArmadiettoServer(int port, string user, string dataDirectory)
    {
        Port = port;
        User = user;
        DataDirectory = dataDirectory;
        Origin = $"http://127.0.0.1:{port}";
        StorageRoot = $"{Origin}/storage/{user}";
        http = new HttpClient(new SocketsHttpHandler
        {
            // /oauth answers 302 with the token in the Location fragment; following it would lose the token.
            AllowAutoRedirect = false,
            // Never route loopback traffic through an HTTP(S)_PROXY from the environment.
            UseProxy = false,
            // armadietto (Node) closes idle keep-alive connections after 5 s; reusing one it is closing fails.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2),
        })
        {
            BaseAddress = new Uri(Origin + "/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>http://127.0.0.1:PORT (no trailing slash).</summary>
    public string Origin { get; }

    /// <summary>The loopback TCP port armadietto listens on; kept across <see cref="RestartAsync"/>.</summary>
    public int Port { get; }

    /// <summary>The signed-up user.</summary>
    public string User { get; }

    /// <summary>The user's password (always <see cref="DefaultPassword"/>).</summary>
    public string Password { get; } = DefaultPassword;

    /// <summary>The user's remoteStorage root: Origin + "/storage/" + User (no trailing slash).</summary>
    public string StorageRoot { get; }

    /// <summary>A URL-decoded <c>*:rw</c> bearer token for <see cref="User"/>; it survives restarts.</summary>
    public string Token { get; private set; } = "";

    /// <summary>
    /// The temporary folder holding conf.json, data/ (users and documents) and logs/; deleted by
    /// <see cref="DisposeAsync"/>.
    /// </summary>
    public string DataDirectory { get; }

    /// <summary>True while the armadietto process is alive.</summary>
    public bool IsRunning => process is { HasExited: false };

    /// <summary>
    /// The last 256 KiB of armadietto's stdout/stderr over all starts, for assertion messages and diagnostics.
    /// </summary>
    public string Log
    {
        get
        {
            var all = earlierRuns + process?.Output;
            // Keep the newest output: the end is where the failure is.
            return all.Length > MaxLogChars ? all[^MaxLogChars..] : all;
        }
    }

    /// <summary>
    /// Checks that the node packages are installed, starts armadietto on a free loopback port in a new temp directory,
    /// waits until it answers, signs up <paramref name="user"/> (default "rstest" plus a random suffix) and mints
    /// a <c>*:rw</c> token.
    /// </summary>
    public static async Task<ArmadiettoServer> StartAsync(string? user = null)
    {
        // Random by default so servers and collections never share a user by accident.
        user ??= "rstest" + Guid.NewGuid().ToString("N")[..8];
        // armadietto's own rule; checked here so a bad name fails with a clear message instead of a signup 400.
        if (user.Length < 2 || !user.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-'))
        {
            throw new ArgumentException("armadietto user names are lowercase [a-z0-9._-], at least 2 characters.", nameof(user));
        }

        NodePackages.RequireInstalled();

        // The port is only free when we look; a process outside the tests can take it before node binds. Then
        // armadietto exits with EADDRINUSE at once, and a new port is the fix.
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var dataDirectory = Directory.CreateTempSubdirectory("rsrp-armadietto-").FullName;
            var server = new ArmadiettoServer(LoopbackPorts.Reserve(), user, dataDirectory);
            try
            {
                await server.LaunchAsync().ConfigureAwait(false);
                await server.SignUpAsync().ConfigureAwait(false);
                server.Token = await server.MintTokenAsync().ConfigureAwait(false);
                await server.CheckTokenAsync().ConfigureAwait(false);
                return server;
            }
            catch (Exception) when (attempt < attempts && server.Log.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// Mints a new bearer token through armadietto's OAuth implicit-grant form (no browser). Scope syntax is
    /// remoteStorage's: <c>"*:rw"</c> is everything, <c>"documents:r"</c> read-only on /documents/, several
    /// separated by spaces. Does not change <see cref="Token"/>.
    /// </summary>
    public async Task<string> MintTokenAsync(string scope = "*:rw")
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = User,
            ["password"] = Password,
            ["client_id"] = "http://127.0.0.1",
            ["redirect_uri"] = "http://127.0.0.1/cb",
            ["response_type"] = "token",
            ["scope"] = scope,
            ["allow"] = "Allow",
        });
        using var response = await http.PostAsync("oauth", form).ConfigureAwait(false);
        var location = response.Headers.Location;
        if (response.StatusCode != HttpStatusCode.Found || location is null)
        {
            throw new InvalidOperationException(
                $"POST /oauth returned {(int)response.StatusCode} (expected 302 with Location).\n{await response.Content.ReadAsStringAsync().ConfigureAwait(false)}\n{Log}");
        }

        // Location: http://127.0.0.1/cb#access_token=<urlencoded base64>&token_type=bearer
        var fragment = location.IsAbsoluteUri ? location.Fragment : location.OriginalString[location.OriginalString.IndexOf('#')..];
        foreach (var pair in fragment.TrimStart('#').Split('&'))
        {
            const string key = "access_token=";
            if (pair.StartsWith(key, StringComparison.Ordinal))
            {
                // The token is base64 (contains + / =) and arrives percent-encoded.
                return Uri.UnescapeDataString(pair[key.Length..]);
            }
        }

        throw new InvalidOperationException($"No access_token in the /oauth redirect: {location}");
    }

    /// <summary>
    /// Kills armadietto (the whole process tree) and waits for it to exit: "the backend went down". Data and
    /// tokens stay on disk; <see cref="RestartAsync"/> brings it back. Does nothing if it is not running.
    /// </summary>
    public Task StopAsync()
    {
        var p = process;
        if (p is null)
        {
            return Task.CompletedTask;
        }

        // A hard kill, not SIGTERM: armadietto's graceful stop waits for open connections, and a crashed
        // backend is exactly what the proxy must survive.
        p.Kill();
        earlierRuns.Append(p.Output).AppendLine($"--- armadietto stopped (exit code {p.ExitCode}) ---");
        process = null;
        return p.DisposeAsync().AsTask();
    }

    /// <summary>
    /// Stops armadietto if it is running and starts it again on the same port and data directory, then waits until
    /// it answers. The user, documents and <see cref="Token"/> are still valid afterwards.
    /// </summary>
    public async Task RestartAsync()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        await StopAsync().ConfigureAwait(false);

        // A kill during a write leaves the per-user ".lock" file (npm "lockfile") behind; the new process would
        // then block writes for up to lock_stale_after_ms. Nothing holds it now, so removing it is what a real
        // operator restart amounts to.
        var data = Path.Combine(DataDirectory, "data");
        if (Directory.Exists(data))
        {
            foreach (var stale in Directory.EnumerateFiles(data, ".lock", SearchOption.AllDirectories))
            {
                File.Delete(stale);
            }
        }

        await LaunchAsync().ConfigureAwait(false);
    }

    /// <summary>Stops armadietto and deletes <see cref="DataDirectory"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            http.Dispose();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp folder must not fail the test that used the server.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"armadietto {Origin} user={User} dir={DataDirectory}";

    private void WriteConfig(string confPath)
    {
        // Keys the armadietto 0.6.6 CLI reads. http.host must be explicit: the default is 0.0.0.0, and these tests
        // must only ever listen on loopback. HTTPS stays off: signup, OAuth and storage all work over plain HTTP.
        var conf = new
        {
            allow_signup = true,
            storage_path = Path.Combine(DataDirectory, "data"),
            lock_timeout_ms = 30000,
            lock_stale_after_ms = 60000,
            cache_views = true,
            http = new { host = "127.0.0.1", port = Port },
            https = new { enable = false, force = false },
            logging = new
            {
                log_dir = Path.Combine(DataDirectory, "logs"),
                stdout = new[] { "notice" },
                log_files = new[] { "error" },
            },
            basePath = "",
        };
        Directory.CreateDirectory(Path.Combine(DataDirectory, "data"));
        Directory.CreateDirectory(Path.Combine(DataDirectory, "logs"));
        File.WriteAllText(confPath, JsonSerializer.Serialize(conf, ConfJson));
    }

    private async Task LaunchAsync()
    {
        var confPath = Path.Combine(DataDirectory, "conf.json");
        WriteConfig(confPath);

        var script = Path.Combine(RepositoryPaths.NodeModules, "armadietto", "bin", "armadietto.js");
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"armadietto is not installed at {script}; run `{NodePackages.InstallCommand}` in {RepositoryPaths.Root}.", script);
        }

        earlierRuns.AppendLine($"--- starting armadietto on {Origin} ---");
        process = ChildProcess.Start(["node", script, "-c", confPath], DataDirectory);
        // WebFinger is the first thing a remoteStorage client asks and needs no user or token, so a 200 means the
        // HTTP server is up and routing. When armadietto exits instead, its output holds the reason (e.g.
        // EADDRINUSE, which it prints after its "Accepting remoteStorage connections" line).
        var probe = $"/.well-known/webfinger?resource=acct:{User}@127.0.0.1";
        await process.WaitUntilAsync(() => AnswersAsync(probe), $"200 on {probe}", ReadyTimeout).ConfigureAwait(false);
    }

    private async Task<bool> AnswersAsync(string probe)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var response = await http.GetAsync(probe, cts.Token).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return false; // not listening yet
        }
    }

    private async Task SignUpAsync()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = User,
            ["email"] = $"{User}@example.com",
            ["password"] = Password,
        });
        using var response = await http.PostAsync("signup", form).ConfigureAwait(false);
        // 409 = the user exists already (same data directory), which is fine since the password is fixed.
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException(
                $"POST /signup for '{User}' returned {(int)response.StatusCode}.\n{await response.Content.ReadAsStringAsync().ConfigureAwait(false)}\n{Log}");
        }
    }

    private async Task CheckTokenAsync()
    {
        // Fail here, with the server log, rather than in the first test request if the token does not work.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"storage/{User}/");
        request.Headers.Authorization = new("Bearer", Token);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {StorageRoot}/ with the new *:rw token returned {(int)response.StatusCode}.\n{Log}");
        }
    }
}
