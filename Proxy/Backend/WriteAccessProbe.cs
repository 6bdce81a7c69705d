using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RsResumeProxy.Backend;

/// <summary>
/// Learns, before a byte of a new upload is staged, whether the backend would let this token write
/// this document, without writing to or changing the user's storage. The request is the commit's
/// own PUT, empty and made conditional on an ETag that cannot exist (<c>If-Match: "rsrp-probe-&lt;128
/// random bits&gt;"</c>):
/// <list type="bullet">
/// <item>the RS server checks the token and its scope first (draft-dejong-remotestorage §2.6;
/// RFC 9110 §13.2.1: preconditions are not evaluated for a request that would not have succeeded
/// without them), so an invented, expired or foreign token gets 401/403, and so does a read-only
/// one (scope <c>&lt;module&gt;:r</c>), exactly as its final PUT would;</item>
/// <item>an authorised token reaches the precondition, which fails: 412, nothing written, for an
/// existing document and for one that does not exist yet (§1.5: If-Match on a missing document is
/// a 412).</item>
/// </list>
/// Positive answers are cached briefly per credential and module (RS scopes are per module), so a
/// client making many uploads costs one probe a minute, not one per upload. Negative answers are
/// never cached: a hostile client's invented tokens cost it one backend round trip each and stage
/// nothing.
/// </summary>
internal sealed class WriteAccessProbe(IOptions<BackendOptions> options, ILogger<WriteAccessProbe> logger) : IDisposable
{
    /// <summary>Bounds the cache's memory: only tokens the backend accepted get an entry.</summary>
    private const int MaxCachedAnswers = 100_000;

    private readonly MemoryCache _allowed = new(new MemoryCacheOptions { SizeLimit = MaxCachedAnswers });

    /// <param name="credentialHash">The keyed hash of the Authorization value (never the token).</param>
    /// <param name="documentPath">The raw document path, /storage/&lt;user&gt;/&lt;module&gt;/...</param>
    public async Task<WriteAccess> CheckAsync(BackendTarget backend, string documentPath, string? authorization, string credentialHash,
        string storagePrefix, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.ProbeWriteAccess)
        {
            return WriteAccess.Allowed;
        }
        var key = credentialHash + " " + ScopeOf(documentPath, storagePrefix);
        if (settings.WriteAccessCacheDuration > TimeSpan.Zero && _allowed.TryGetValue(key, out _))
        {
            return WriteAccess.Allowed;
        }

        var verdict = await AskAsync(backend, documentPath, authorization, settings.WriteAccessProbeTimeout, cancellationToken).ConfigureAwait(false);
        if (verdict.Kind == WriteAccessKind.Allowed && settings.WriteAccessCacheDuration > TimeSpan.Zero)
        {
            _allowed.Set(key, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = settings.WriteAccessCacheDuration });
        }
        return verdict;
    }

    private async Task<WriteAccess> AskAsync(BackendTarget backend, string documentPath, string? authorization, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, BackendUri.Combine(backend.DestinationPrefix, documentPath))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = new ByteArrayContent([]),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"rsrp-probe-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}\"");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await backend.Client.SendAsync(request, deadline.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            switch (status)
            {
                case 412:
                    return WriteAccess.Allowed;
                case >= 200 and < 300:
                    // The backend ignored If-Match and stored an empty document: it breaks the RS
                    // contract this probe relies on. Say so loudly; the operator must turn the probe off.
                    Log.ProbeWroteDocument(logger, status);
                    return WriteAccess.Allowed;
                case >= 400 and < 500:
                    var challenge = response.Headers.WwwAuthenticate.Count > 0 ? response.Headers.WwwAuthenticate.ToString() : null;
                    return new WriteAccess(WriteAccessKind.Refused, status, challenge);
                default:
                    return WriteAccess.Unavailable(status is 503 or 504 ? status : 502);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return WriteAccess.Unavailable(504);
        }
        catch (HttpRequestException)
        {
            return WriteAccess.Unavailable(503);
        }
    }

    /// <summary>What a token's write permission covers: the user and the module (RS scopes are
    /// "&lt;module&gt;:rw"), with public/ kept apart. A document directly under the user's root has
    /// the root as its scope.</summary>
    public static string ScopeOf(string documentPath, string storagePrefix)
    {
        var root = storagePrefix.TrimEnd('/') + "/";
        var parts = documentPath[Math.Min(root.Length, documentPath.Length)..].Split('/');
        // parts[0] is the user, parts[^1] the document's name, the folders lie between.
        var folders = parts.Length - 2;
        var take = folders <= 0 ? 1 : parts[1] == "public" && folders >= 2 ? 3 : 2;
        return root + string.Join('/', parts.Take(take)) + "/";
    }

    public void Dispose() => _allowed.Dispose();
}
