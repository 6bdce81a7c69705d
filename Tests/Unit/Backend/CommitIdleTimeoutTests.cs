using System.Net;
using RsResumeProxy.Backend;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Tests.Backend;

/// <summary>
/// CommitTimeout is an idle timeout: the commit fails only when the backend stops taking the
/// document (or stops answering), never because the whole document takes longer. A handler stands
/// in for the backend's socket here: over loopback, the kernel's buffers (up to 32 MiB on the
/// development machine) would take a whole test document at once and hide the backend's pace.
/// </summary>
public sealed class CommitIdleTimeoutTests
{
    private static readonly UploadState State = new()
    {
        Id = new string('a', 40), DocumentPath = "/storage/alice/doc.bin", CredentialHash = "c",
        Length = 1_000_000, CreatedAt = DateTimeOffset.UnixEpoch, ExpiresAt = DateTimeOffset.MaxValue,
    };

    [Fact]
    public async Task BackendTakingTheDocumentSlowlyButSteadily_IsNotCutOff()
    {
        // 16 KiB every 50 ms: about 3 s for the document, three times the 1 s timeout in all.
        var backend = new PacedBackend(chunk: 16 * 1024, pause: TimeSpan.FromMilliseconds(50), stallAfter: null);
        using var client = new HttpMessageInvoker(backend);

        var result = await new BackendCommitter().CommitAsync(client, "http://rs.invalid/", State, "Bearer t",
            new MemoryStream(new byte[1_000_000]), 1_000_000, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(CommitKind.Accepted, result.Kind);
        Assert.Equal(1_000_000, backend.BytesTaken);
    }

    [Fact]
    public async Task BackendThatStopsTakingTheDocument_Gives504()
    {
        var backend = new PacedBackend(chunk: 16 * 1024, pause: TimeSpan.Zero, stallAfter: 100_000);
        using var client = new HttpMessageInvoker(backend);

        var result = await new BackendCommitter().CommitAsync(client, "http://rs.invalid/", State, "Bearer t",
            new MemoryStream(new byte[1_000_000]), 1_000_000, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(CommitKind.Unavailable, result.Kind);
        Assert.Equal(504, result.StatusCode);
        Assert.InRange(backend.BytesTaken, 100_000, 1_000_000 - 1);
    }

    /// <summary>Reads the request body at a set pace, optionally stalling for good after some bytes.</summary>
    private sealed class PacedBackend(int chunk, TimeSpan pause, long? stallAfter) : HttpMessageHandler
    {
        public long BytesTaken { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[chunk];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                BytesTaken += read;
                if (stallAfter is { } limit && BytesTaken >= limit)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                await Task.Delay(pause, cancellationToken);
            }
            return new HttpResponseMessage(HttpStatusCode.Created);
        }
    }
}
