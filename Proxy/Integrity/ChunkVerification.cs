using System.Security.Cryptography;
using RsResumeProxy.Staging.Files;

namespace RsResumeProxy.Integrity;

/// <summary>
/// How one request body is to be verified: not at all, against an Upload-Checksum header (checksum
/// extension), or against an Upload-Checksum trailer (checksum-trailer extension). Everything that
/// can be refused is refused by <see cref="TryPlan"/>, before the body is read.
/// </summary>
internal sealed class ChunkVerification : IDisposable
{
    private readonly UploadChecksum? _header;
    private readonly ChunkDigest? _digest;
    private readonly ChunkDigestSet? _trailerDigests;

    private ChunkVerification(UploadChecksum? header, bool trailer)
    {
        _header = header;
        _digest = header?.Algorithm.CreateDigest();
        _trailerDigests = trailer ? new ChunkDigestSet() : null;
    }

    public static ChunkVerification None => new(null, trailer: false);

    public bool Requested => _header is not null || _trailerDigests is not null;

    public bool UsesTrailer => _trailerDigests is not null;

    /// <summary>What the append feeds with every byte it writes, or null.</summary>
    public IIncrementalDigest? Digest => (IIncrementalDigest?)_digest ?? _trailerDigests;

    /// <param name="header">The Upload-Checksum request header, if any.</param>
    /// <param name="trailerDeclared">Whether the Trailer request header names Upload-Checksum.</param>
    /// <param name="trailersPossible">Whether this request's framing can carry trailers at all
    /// (HTTP/1.1 chunked, HTTP/2, HTTP/3); a trailer promised on a Content-Length body never comes.</param>
    public static bool TryPlan(string? header, bool trailerDeclared, bool trailersPossible, out ChunkVerification plan, out string? error)
    {
        plan = None;
        error = null;
        if (header is not null && trailerDeclared)
        {
            error = "Send Upload-Checksum as a header or as a trailer, not both.";
            return false;
        }
        if (trailerDeclared)
        {
            if (!trailersPossible)
            {
                error = "An Upload-Checksum trailer needs a chunked HTTP/1.1 body or HTTP/2.";
                return false;
            }
            plan = new ChunkVerification(null, trailer: true);
            return true;
        }
        if (header is null)
        {
            return true;
        }
        if (!UploadChecksum.TryParse(header, out var checksum, out error))
        {
            return false;
        }
        plan = new ChunkVerification(checksum, trailer: false);
        return true;
    }

    /// <summary>Checks the whole body just received against the header's digest.</summary>
    public ChecksumVerdict Verify()
    {
        if (_header is null || _digest is null)
        {
            return ChecksumVerdict.NotRequested;
        }
        return CryptographicOperations.FixedTimeEquals(_digest.Current(), _header.Expected)
            ? ChecksumVerdict.Matched : ChecksumVerdict.Mismatched;
    }

    /// <summary>Checks the whole body just received against the trailer that followed it.</summary>
    public ChecksumVerdict VerifyTrailer(string? trailer, out string? error)
    {
        error = null;
        if (_trailerDigests is null)
        {
            return ChecksumVerdict.NotRequested;
        }
        if (string.IsNullOrEmpty(trailer))
        {
            error = "The Upload-Checksum trailer declared in the Trailer header did not arrive; the chunk was discarded.";
            return ChecksumVerdict.TrailerInvalid;
        }
        if (!UploadChecksum.TryParse(trailer, out var checksum, out var parseError))
        {
            error = parseError + " (trailer; the chunk was discarded)";
            return ChecksumVerdict.TrailerInvalid;
        }
        return CryptographicOperations.FixedTimeEquals(_trailerDigests.Current(checksum!.Algorithm), checksum.Expected)
            ? ChecksumVerdict.Matched : ChecksumVerdict.Mismatched;
    }

    public void Dispose()
    {
        _digest?.Dispose();
        _trailerDigests?.Dispose();
    }
}
