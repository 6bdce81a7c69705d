using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Uploads;

/// <summary>tus bodies are not bound by Kestrel's 30 MB default request limit; they stream to disk
/// and from disk to the backend. (Memory flatness is measured by bench/, not asserted here.)</summary>
public sealed class LargeBodyTests : IAsyncLifetime
{
    private RecordingBackend _backend = null!;
    private ProxyServer _proxy = null!;

    public async Task InitializeAsync()
    {
        _backend = await RecordingBackend.StartAsync();
        _proxy = await ProxyServer.StartAsync(_backend.Origin, "ResumableUploads:MaxUploadSize=0");
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task PatchOf100MiB_StreamsPastKestrelsDefaultLimit_AndCommitsByteForByte()
    {
        const long size = 100L * 1024 * 1024;
        using var http = new TusHttp("t");
        var url = _proxy.Origin + "/storage/alice/big.bin";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(url, size)).StatusCode);

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var request = http.Request(HttpMethod.Patch, url);
        request.Headers.TryAddWithoutValidation("Upload-Offset", "0");
        request.Content = new StreamContent(new GeneratedStream(size, sha));
        request.Content.Headers.ContentLength = size;
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/offset+octet-stream");
        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var put = Assert.Single(_backend.Requests);
        Assert.Equal(size, put.BodyLength);
        Assert.Equal(Convert.ToHexStringLower(sha.GetHashAndReset()), put.BodySha256);
    }

    /// <summary>Pseudo-random bytes generated on the fly, hashed as they are read: no 100 MiB array.</summary>
    private sealed class GeneratedStream(long length, IncrementalHash hash) : Stream
    {
        private readonly Random _random = new(7);
        private long _position;
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            _random.NextBytes(buffer.AsSpan(offset, n));
            hash.AppendData(buffer, offset, n);
            _position += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
