using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// A backend that records exactly what reaches it (method, raw target, headers, body digest) and
/// answers what the test tells it to. For checks armadietto cannot make: header-exact pass-through,
/// the headers of the commit PUT, a backend that fails or stalls at commit time.
/// </summary>
public sealed class RecordingBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingBackend(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
    }

    public string Origin { get; }

    /// <summary>Every request but the proxy's write-access probes.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>The proxy's write-access probes (an empty PUT with an If-Match that cannot match).</summary>
    public ConcurrentQueue<RecordedRequest> Probes { get; } = new();

    /// <summary>The answer to a probe: 412 (the token may write) unless a test says otherwise.</summary>
    public int ProbeStatus { get; set; } = 412;

    private long _bodyBytesSeen;

    /// <summary>Body bytes read so far over every request, complete or not: shows a PUT under way.</summary>
    public long BodyBytesSeen => Interlocked.Read(ref _bodyBytesSeen);

    private int _bodiesCutOff;

    /// <summary>Requests whose body the sender broke off (a PUT aborted before its end); none is recorded.</summary>
    public int BodiesCutOff => Volatile.Read(ref _bodiesCutOff);

    /// <summary>A pause after every body read: a backend slower than the client.</summary>
    public TimeSpan DelayPerRead { get; set; }

    /// <summary>Decides the answer; the default answers 201 with a fresh strong ETag.</summary>
    public Func<RecordedRequest, HttpContext, Task>? Responder { get; set; }

    /// <param name="certificate">Listen on https with this certificate instead of on http.</param>
    public static async Task<RecordingBackend> StartAsync(X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
            k.Limits.MaxRequestBodySize = null;
            // Records header bytes one char each and sends exactly the Server header a test sets.
            k.AddServerHeader = false;
            k.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
            k.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        RecordingBackend? self = null;
        app.Run(async context =>
        {
            var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[64 * 1024];
            long length = 0;
            int read;
            try
            {
                while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    length += read;
                    Interlocked.Add(ref self!._bodyBytesSeen, read);
                    if (self.DelayPerRead > TimeSpan.Zero)
                    {
                        await Task.Delay(self.DelayPerRead);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or BadHttpRequestException or OperationCanceledException)
            {
                // The sender gave up on the body: nothing is recorded, as an RS server stores nothing.
                Interlocked.Increment(ref self!._bodiesCutOff);
                return;
            }
            var recorded = new RecordedRequest(context.Request.Method, raw,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                length, Convert.ToHexStringLower(sha.GetHashAndReset()));
            if (recorded.IsWriteAccessProbe)
            {
                // As an RS server answers an authorised token's PUT whose If-Match cannot match.
                self!.Probes.Enqueue(recorded);
                context.Response.StatusCode = self.ProbeStatus;
                return;
            }
            self!.Requests.Enqueue(recorded);
            if (self.Responder is { } responder)
            {
                await responder(recorded, context);
                return;
            }
            context.Response.StatusCode = 201;
            context.Response.Headers.ETag = $"\"{Guid.NewGuid():N}\"";
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new RecordingBackend(app, address);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as the backend saw it. Header names compare case-insensitively.</summary>
public sealed record RecordedRequest(string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers, long BodyLength, string BodySha256)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public bool IsWriteAccessProbe => Method == "PUT" && Header("If-Match")?.StartsWith("\"rsrp-probe-", StringComparison.Ordinal) == true;
}
