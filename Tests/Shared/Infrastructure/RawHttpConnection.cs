using System.Net.Sockets;
using System.Text;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// One HTTP/1.1 connection driven byte by byte, for what HttpClient cannot do: send a body in
/// chunks with a trailer, stop half-way through a body and stall or reset, or wait for the
/// answer to an <c>Expect: 100-continue</c> before sending anything.
/// </summary>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(30); // hang guard only
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawHttpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawHttpConnection> OpenAsync(string origin)
    {
        var uri = new Uri(origin);
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(uri.Host, uri.Port);
        return new RawHttpConnection(client);
    }

    /// <summary>Opens a connection and writes a request's line and headers; the body follows with <see cref="WriteAsync"/>.</summary>
    public static async Task<RawHttpConnection> StartRequestAsync(string origin, string method, string target, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var connection = await OpenAsync(origin);
        await connection.WriteHeadAsync(method, target, headers.Select(h => (h.Key, h.Value)).ToArray());
        return connection;
    }

    /// <summary>True once the server has answered or closed the connection (never blocks).</summary>
    public bool AnswerOrCloseArrived => _client.Client.Poll(0, SelectMode.SelectRead);

    /// <summary>Like <see cref="ReadResponseAsync"/>, but null when the server closed without an answer.</summary>
    public async Task<RawHttpResponse?> TryReadResponseAsync()
    {
        try
        {
            return await ReadResponseAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Request line and headers; Host is added. Each char is sent as one byte (Latin-1), so
    /// "\u00C3\u00BC" sends the UTF-8 bytes of "ü" as a client would.</summary>
    public Task WriteHeadAsync(string method, string target, params (string Name, string Value)[] headers)
    {
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        head.Append("\r\n");
        return WriteAsync(Encoding.Latin1.GetBytes(head.ToString()));
    }

    public async Task WriteAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public Task WriteChunkAsync(byte[] data) =>
        WriteAsync([.. Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), .. data, .. "\r\n"u8.ToArray()]);

    /// <summary>The zero-length last chunk, then the trailer fields, then the blank line.</summary>
    public Task WriteLastChunkAsync(params (string Name, string Value)[] trailers)
    {
        var tail = new StringBuilder("0\r\n");
        foreach (var (name, value) in trailers)
        {
            tail.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        tail.Append("\r\n");
        return WriteAsync(Encoding.ASCII.GetBytes(tail.ToString()));
    }

    /// <summary>
    /// Reads one response: status, headers (names lowercased) and a Content-Length body. An
    /// informational (1xx) response is returned on its own; read again for the next one. Header
    /// bytes are read as Latin-1, one char per byte.
    /// </summary>
    /// <param name="toHead">The answer to a HEAD, whose Content-Length announces a body that is not sent.</param>
    public async Task<RawHttpResponse> ReadResponseAsync(bool toHead = false)
    {
        using var limit = new CancellationTokenSource(ReadLimit);
        var head = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await _stream.ReadAsync(one, limit.Token) == 0)
            {
                throw new IOException("The connection closed before a complete response head: " + Encoding.ASCII.GetString(head.ToArray()));
            }
            head.Add(one[0]);
        }
        var lines = Encoding.Latin1.GetString(head.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }
        var body = Array.Empty<byte>();
        if (!toHead && status >= 200 && headers.TryGetValue("Content-Length", out var length) && int.Parse(length) > 0)
        {
            body = new byte[int.Parse(length)];
            await _stream.ReadExactlyAsync(body, limit.Token);
        }
        return new RawHttpResponse(status, headers, Encoding.UTF8.GetString(body));
    }

    /// <summary>Closes with a TCP reset, as a client that crashed or lost its network would.</summary>
    public void Reset()
    {
        _client.LingerState = new LingerOption(true, 0);
        _client.Close();
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';
}
