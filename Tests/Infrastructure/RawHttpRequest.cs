using System.Net.Sockets;
using System.Text;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// An HTTP/1.1 request written by hand on a raw socket, for what HttpClient cannot do: send part
/// of a body and then stall, or reset the connection mid-body as a dropped link does.
/// </summary>
public sealed class RawHttpRequest : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawHttpRequest(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>Connects and sends the request line and headers; the body follows with <see cref="SendAsync"/>.</summary>
    public static async Task<RawHttpRequest> StartAsync(Uri origin, string method, string path, IDictionary<string, string> headers)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(origin.Host, origin.Port);
        var request = new RawHttpRequest(client);
        var head = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: {origin.Authority}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        head.Append("\r\n");
        await request._stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        return request;
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Closes with a TCP reset, as a dropped connection would.</summary>
    public void Reset()
    {
        _client.Client.LingerState = new LingerOption(true, 0);
        _client.Close();
    }

    /// <summary>The status line and headers of the answer, or null when the server closed without one.</summary>
    public async Task<string?> ReadResponseHeadAsync(TimeSpan safetyNet)
    {
        using var cancel = new CancellationTokenSource(safetyNet);
        var buffer = new byte[8192];
        var text = new StringBuilder();
        try
        {
            while (!text.ToString().Contains("\r\n\r\n"))
            {
                var read = await _stream.ReadAsync(buffer, cancel.Token);
                if (read == 0) break;
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
        }
        return text.Length == 0 ? null : text.ToString();
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
