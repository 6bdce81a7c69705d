using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// A real S3-compatible server for the tests: Python moto's <c>moto_server</c> on a free loopback
/// port, with one bucket. moto keeps objects in memory, so a restart would lose them: an outage is
/// simulated by <see cref="Pause"/> (SIGSTOP: connections are accepted by the kernel and then never
/// answered, as with a hung server) and <see cref="Resume"/> (SIGCONT), which keep every byte.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    public const string AccessKey = "testing";
    public const string SecretKey = "testing";
    public const string Region = "us-east-1";

    /// <summary>A safety net against a server that never starts; moto takes a second or two.</summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _process;

    private MotoServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    public string Bucket { get; } = "rsrp-test";

    public string Log => _process.Output;

    public static async Task<MotoServer> StartAsync()
    {
        // The proxies the tests start (in this process or as child processes) take their
        // credentials from the standard AWS chain, as in production: here, the environment.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SecretKey);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        var port = LoopbackPorts.Reserve();
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(["moto_server", "-H", "127.0.0.1", "-p", port.ToString()]);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("moto_server is required for these tests (pip install 'moto[server]==5.2.1').", ex);
        }
        var server = new MotoServer(process, port);
        try
        {
            await process.WaitUntilAsync(() => Task.FromResult(Accepts(port)), $"connections on port {port}", StartLimit);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        using var client = server.CreateClient();
        await client.PutBucketAsync(server.Bucket);
        return server;
    }

    /// <summary>A client with the test credentials, path-style, as the proxy configures its own.</summary>
    /// <param name="timeout">Upper bound of one request; short where a test pauses the server.</param>
    public AmazonS3Client CreateClient(TimeSpan? timeout = null, int? maxErrorRetry = null)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = ServiceUrl,
            AuthenticationRegion = Region,
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (timeout is { } value)
        {
            config.Timeout = value;
        }
        if (maxErrorRetry is { } retries)
        {
            config.MaxErrorRetry = retries;
        }
        return new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), config);
    }

    /// <summary>The settings that make a proxy stage in this server's bucket under <paramref name="prefix"/>,
    /// with parts of S3's minimum size, and requests that give up after a few seconds (a paused
    /// server is then reported soon; the bound stops a hang, it is not asserted).</summary>
    public string[] ProxySettings(string prefix) =>
    [
        "ResumableUploads:StagingStore=S3",
        $"S3Staging:ServiceUrl={ServiceUrl}",
        $"S3Staging:Region={Region}",
        $"S3Staging:Bucket={Bucket}",
        $"S3Staging:KeyPrefix={prefix}",
        "S3Staging:ForcePathStyle=true",
        $"S3Staging:PartSize={RsResumeProxy.Staging.ObjectStorage.S3StagingSettings.MinimumPartSize}",
        "S3Staging:RequestTimeout=00:00:03",
    ];

    /// <summary>Stops the server answering (SIGSTOP); its data stays.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>Lets a paused server answer again (SIGCONT).</summary>
    public void Resume() => Signal("CONT");

    private void Signal(string name)
    {
        if (_process.HasExited)
        {
            return;
        }
        var kill = ChildProcess.RunAsync(["kill", "-" + name, _process.Id.ToString()], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        try
        {
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"kill -{name} {_process.Id} failed with {kill.ExitCode}: {kill.Output}");
            }
        }
        finally
        {
            kill.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
