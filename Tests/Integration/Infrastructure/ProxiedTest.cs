using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// The base of every test that talks to the proxy of the "proxied" collection (in-process, real
/// Kestrel, in front of real armadietto): a tus client with a token of its own, a folder of its
/// own, and the URLs, staged files and backend documents of that folder.
/// </summary>
public abstract class ProxiedTest : IAsyncLifetime, IDisposable
{
    public const string OctetStream = "application/offset+octet-stream";

    /// <summary>One token per test class and backend: the uploads these tests leave pending count
    /// against a per-credential cap (MaxPendingUploadsPerCredential), which the whole shared
    /// collection would otherwise reach together.</summary>
    private static readonly ConcurrentDictionary<(string Backend, Type Class), Task<string>> Tokens = new();

    private TusHttp? _tus;

    protected ProxiedTest(ProxiedBackendFixture fixture)
    {
        Fixture = fixture;
        Folder = ProxiedBackendFixture.UniqueFolder(GetType().Name.Replace("Tests", string.Empty));
    }

    protected ProxiedBackendFixture Fixture { get; }

    protected TusHttp Tus => _tus ?? throw new InvalidOperationException("Not initialised.");

    public virtual async Task InitializeAsync()
    {
        var token = await Tokens.GetOrAdd((Fixture.Backend.Origin, GetType()), _ => Fixture.Backend.MintTokenAsync());
        _tus = new TusHttp(token);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected string Folder { get; }

    protected string ProxyOrigin => Fixture.Proxy.Origin;

    /// <summary>The document URL through the proxy.</summary>
    protected string Url(string name) => $"{Fixture.ProxiedRoot}/{Folder}/{name}";

    /// <summary>The document's path (what Location carries).</summary>
    protected string PathOf(string name) => $"/storage/{Fixture.Backend.User}/{Folder}/{name}";

    protected string Authorization => "Bearer " + Tus.Token;

    /// <summary>The document as armadietto itself serves it (not through the proxy), or null when it has none.</summary>
    protected async Task<(byte[] Body, string? ETag, string? ContentType)?> BackendDocumentAsync(string name)
    {
        var (status, body, response) = await Tus.GetAsync($"{Fixture.DirectRoot}/{Folder}/{name}");
        using (response)
        {
            if (status == 404)
            {
                return null;
            }
            Assert.Equal(200, status);
            return (body, response.Headers.ETag?.ToString(), response.Content.Headers.ContentType?.ToString());
        }
    }

    protected async Task<HttpResponseMessage> HeadAsync(string url) => await Tus.HeadAsync(url);

    protected async Task<long?> OffsetAsync(string url)
    {
        using var head = await Tus.HeadAsync(url);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        return TusHttp.Offset(head);
    }

    /// <summary>The offset HEAD reports once it has reached <paramref name="atLeast"/>, polled
    /// because a dropped request's bytes are handed over after the drop; the last offset seen
    /// when it never gets there, for the caller's assertion to show.</summary>
    protected async Task<long> OffsetOnceSettledAsync(string url, long atLeast)
    {
        long offset = -1;
        await Poll.UntilAsync(async () =>
        {
            using var head = await Tus.HeadAsync(url);
            offset = TusHttp.Offset(head) ?? -1;
            return offset >= atLeast;
        }, TimeSpan.FromSeconds(30));
        return offset;
    }

    /// <summary>POST creation that must succeed with 201.</summary>
    protected async Task CreateAsync(string url, long length, byte[]? body = null, Action<HttpRequestMessage>? configure = null)
    {
        using var created = await Tus.PostAsync(url, length, body, configure: configure);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    protected static byte[] Bytes(int count, int seed = 1)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A PATCH whose body goes out chunked, without Content-Length.</summary>
    protected Task<HttpResponseMessage> PatchChunkedAsync(string url, long offset, byte[] body, Action<HttpRequestMessage>? configure = null)
    {
        var request = Tus.Request(HttpMethod.Patch, url);
        request.Headers.TryAddWithoutValidation("Upload-Offset", offset.ToString());
        request.Content = new StreamContent(new NoLengthStream(body));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
        request.Headers.TransferEncodingChunked = true;
        configure?.Invoke(request);
        return Tus.SendAsync(request);
    }

    /// <summary>The id the proxy gives this test's upload at <paramref name="name"/>.</summary>
    protected string UploadIdOf(string name, ProxyServer? proxy = null) => RsResumeProxy.Staging.State.UploadId.ForDocument(PathOf(name),
        (proxy ?? Fixture.Proxy).Services.GetRequiredService<RsResumeProxy.Staging.Identity.CredentialHasher>().Hash(Authorization));

    /// <summary>A document URL through another proxy started by the test (own settings, same backend).</summary>
    protected string UrlVia(ProxyServer proxy, string name) => $"{proxy.Origin}/storage/{Fixture.Backend.User}/{Folder}/{name}";

    protected string StagingFile(string uploadId) => System.IO.Path.Combine(Fixture.Proxy.StagingDirectory, uploadId + ".bin");

    /// <summary>The staged bytes of an upload, read through the proxy's own staging store (disk or S3).</summary>
    protected async Task<byte[]> StagedBytesAsync(string uploadId, ProxyServer? proxy = null)
    {
        await using var stream = await StagingOf(proxy).OpenReadAsync(uploadId, default);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>How many bytes the proxy's staging store holds for an upload; -1 for none.</summary>
    protected async Task<long> StagedLengthAsync(string uploadId, ProxyServer? proxy = null) =>
        await StagingOf(proxy).GetLengthAsync(uploadId, default);

    /// <summary>Resets the connection mid-body, as a client that crashed would, once the store shows
    /// what it shows of the <paramref name="sent"/> bytes while a body arrives
    /// (<see cref="ProxiedBackendFixture.ShownMidBody"/>); gives up waiting after 20 s and leaves it
    /// to the test's next assertion to fail.</summary>
    protected async Task DropMidBodyAsync(RawHttpConnection connection, string uploadId, long sent)
    {
        var shown = Fixture.ShownMidBody(sent);
        await Poll.UntilAsync(async () => await StagedLengthAsync(uploadId) >= shown, TimeSpan.FromSeconds(20));
        connection.Reset();
    }

    private RsResumeProxy.Staging.Files.IStagingStore StagingOf(ProxyServer? proxy) =>
        (proxy ?? Fixture.Proxy).Services.GetRequiredService<RsResumeProxy.Staging.Files.IStagingStore>();

    public virtual void Dispose()
    {
        _tus?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A stream that will not tell its length, so HttpClient must send it chunked.</summary>
    private sealed class NoLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
