using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using RsResumeProxy.Operations;
using Yarp.ReverseProxy.Forwarder;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Backend;

/// <summary>
/// Sends the one complete PUT of a finished upload to the RS server: the staged bytes streamed
/// from disk with Content-Length, the document's Content-Type, the recorded If-Match /
/// If-None-Match, and the Authorization of the request that completed the upload.
/// </summary>
internal sealed class BackendCommitter
{
    /// <summary>Error bodies from the backend are relayed up to this size; they are short pages.</summary>
    private const int MaxRelayedBody = 64 * 1024;

    /// <param name="idleTimeout">How long the commit may go without progress (a chunk of the
    /// document taken by the backend, or its answer arriving) before it gives up with 504.</param>
    public async Task<CommitResult> CommitAsync(
        HttpMessageInvoker client, string destinationPrefix, UploadState state, string? authorization,
        Stream content, long length, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        using var span = UploadActivities.StartCommit(state.Id, length);
        var result = await PutAsync(client, destinationPrefix, state, authorization, content, length, idleTimeout, cancellationToken).ConfigureAwait(false);
        UploadActivities.Committed(span, result.StatusCode, result.Kind == CommitKind.Accepted);
        return result;
    }

    private static async Task<CommitResult> PutAsync(
        HttpMessageInvoker client, string destinationPrefix, UploadState state, string? authorization,
        Stream content, long length, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        using var activity = new ActivityTimeout(idleTimeout, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Put, BackendUri.Combine(destinationPrefix, state.DocumentPath))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        var body = new StreamContent(new ActivityReportingStream(content, activity), 64 * 1024);
        body.Headers.ContentLength = length;
        if (state.ContentType is not null && !body.Headers.TryAddWithoutValidation("Content-Type", state.ContentType))
        {
            return new CommitResult(CommitKind.Refused, 400, null, "text/plain; charset=utf-8", "Invalid document Content-Type.\n"u8.ToArray(), "invalid content type");
        }
        request.Content = body;
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        if (state.IfMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", state.IfMatch);
        }
        if (state.IfNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", state.IfNoneMatch);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, activity.Token).ConfigureAwait(false);
            activity.Restart();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CommitResult.Unavailable(504, "The storage server made no progress with the final PUT for too long; the upload is kept, retry it.", ForwarderError.RequestTimedOut);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException or null || ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            return CommitResult.Unavailable(503, "The storage server cannot be reached; the upload is kept, retry it.", ForwarderError.Request);
        }
        catch (HttpRequestException)
        {
            return CommitResult.Unavailable(502, "The storage server failed during the final PUT; the upload is kept, retry it.", ForwarderError.RequestBodyDestination);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var etag = response.Headers.ETag?.ToString()
                ?? (response.Headers.TryGetValues("ETag", out var values) ? values.FirstOrDefault() : null);
            var relayed = await ReadBoundedAsync(response.Content, activity).ConfigureAwait(false);
            var contentType = response.Content.Headers.ContentType?.ToString();
            if (status is >= 200 and < 300)
            {
                return new CommitResult(CommitKind.Accepted, status, etag, contentType, relayed, "stored");
            }
            if (status is >= 400 and < 500 or 507)
            {
                return new CommitResult(CommitKind.Refused, status, etag, contentType, relayed, $"refused with {status}");
            }
            return new CommitResult(CommitKind.Unavailable, status is 503 or 504 ? status : 502, null, "text/plain; charset=utf-8",
                System.Text.Encoding.UTF8.GetBytes($"The storage server answered {status} to the final PUT; the upload is kept, retry it.\n"),
                $"backend answered {status}");
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, ActivityTimeout activity)
    {
        var cancellationToken = activity.Token;
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var copy = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while (copy.Length < MaxRelayedBody && (read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                copy.Write(buffer, 0, (int)Math.Min(read, MaxRelayedBody - copy.Length));
                activity.Restart();
            }
            return copy.ToArray();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            // The status and ETag are what matter; a body cut short is not worth failing the commit.
            return [];
        }
    }
}
