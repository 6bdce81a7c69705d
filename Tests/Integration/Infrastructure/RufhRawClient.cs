using System.Globalization;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// A client of the IETF resumable-upload draft written on raw sockets, so that it sees what
/// HttpClient hides: the 104 Upload Resumption Supported before the final answer, and a creation
/// cut off in the middle of its body. Each request uses its own connection, as a client that lost
/// the previous one would.
/// </summary>
public sealed class RufhRawClient(string origin, string token, int interopVersion)
{
    public int InteropVersion => interopVersion;

    /// <summary>
    /// Starts a creation with <c>Upload-Complete: ?1</c> and the whole length in Content-Length,
    /// waits for the interim response before sending a byte, sends <paramref name="sendBytes"/> of
    /// <paramref name="document"/>, waits for <paramref name="beforeCut"/> (the server has taken
    /// them in: a reset discards what the server's socket holds unread) and resets the connection.
    /// Returns the interim response.
    /// </summary>
    public async Task<RawHttpResponse> CreateAndCutOffAsync(string method, string path, byte[] document, int sendBytes, Func<Task> beforeCut,
        params (string Name, string Value)[] extra)
    {
        await using var connection = await RawHttpConnection.OpenAsync(origin);
        await connection.WriteHeadAsync(method, path,
        [
            .. Common(),
            ("Upload-Complete", "?1"),
            ("Content-Type", "application/octet-stream"),
            ("Content-Length", document.Length.ToString(CultureInfo.InvariantCulture)),
            .. extra,
        ]);
        var interim = await connection.ReadResponseAsync();
        await connection.WriteAsync(document[..sendBytes]);
        await beforeCut();
        connection.Reset();
        return interim;
    }

    /// <summary>
    /// A whole request on one connection: head, body, and every response up to the final one
    /// (interim responses first, in the order they came).
    /// </summary>
    public async Task<IReadOnlyList<RawHttpResponse>> SendAsync(string method, string path, byte[]? body, params (string Name, string Value)[] headers)
    {
        await using var connection = await RawHttpConnection.OpenAsync(origin);
        var all = new List<(string, string)>(Common());
        all.AddRange(headers);
        if (body is not null)
        {
            all.Add(("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)));
        }
        await connection.WriteHeadAsync(method, path, [.. all]);
        if (body is { Length: > 0 })
        {
            await connection.WriteAsync(body);
        }
        var responses = new List<RawHttpResponse>();
        while (true)
        {
            var response = await connection.ReadResponseAsync(toHead: method == "HEAD");
            responses.Add(response);
            if (response.Status >= 200)
            {
                return responses;
            }
        }
    }

    /// <summary>Offset retrieval: HEAD, or GET (interop 9 on) carrying the interop version.</summary>
    public async Task<RawHttpResponse> OffsetAsync(string path, bool useGet = false) =>
        (await SendAsync(useGet ? "GET" : "HEAD", path, null))[^1];

    /// <summary>An append (PATCH, application/partial-upload) from <paramref name="offset"/>; returns the final answer.</summary>
    public async Task<RawHttpResponse> AppendAsync(string path, long offset, byte[] bytes, bool complete) =>
        (await SendAsync("PATCH", path, bytes,
            ("Content-Type", "application/partial-upload"),
            ("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture)),
            ("Upload-Complete", complete ? "?1" : "?0")))[^1];

    private IEnumerable<(string, string)> Common() =>
    [
        ("Authorization", "Bearer " + token),
        ("Upload-Draft-Interop-Version", interopVersion.ToString(CultureInfo.InvariantCulture)),
    ];
}
