using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using RsResumeProxy.Integrity;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads.Streaming;

/// <summary>
/// The body of a streaming commit: the staged file read from its first byte while the completing
/// request is still appending to it, reading behind the writer. The file stays the source of truth:
/// only bytes already in it are sent. The document's last byte is held back until
/// <see cref="Release"/> says the body arrived whole and passed its chunk checksum, and, when the
/// client declared a whole-document digest, until the bytes sent plus that last one match it. Until
/// then the backend cannot have a complete body; <see cref="Abort"/> (or a digest mismatch) fails the
/// read, which makes the HTTP client abort the PUT, so the backend stores nothing.
/// </summary>
internal sealed class StagedFileFollower : Stream
{
    private readonly SafeFileHandle _file;
    private readonly long _length;
    private readonly IncrementalHash? _hash;
    private readonly DocumentDigest? _expected;
    private readonly object _gate = new();
    private TaskCompletionSource? _waiting;
    private long _position;
    private long _forgotten;
    private long _staged;
    private bool _released;
    private Exception? _aborted;

    /// <summary>A read waits until this much is staged past it (or the rest is): the PUT then goes
    /// out in full buffers of the HTTP client's copy loop instead of one small write per receive.</summary>
    internal const int MinRun = 64 * 1024;

    /// <summary>Every this many bytes sent, the pages they lay in are dropped from the page cache
    /// (<see cref="PageCache"/>): the commit reads each staged byte once, and a commit that falls
    /// behind the intake (a backend slower than the client) reads from the disk into new pages.</summary>
    internal const long ForgetStep = 8 * 1024 * 1024;

    /// <param name="path">The staged file, opened here for reading while it is written (no share restriction, so
    /// its length is read afresh every time).</param>
    public StagedFileFollower(string path, long length, DocumentDigest? expected)
    {
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        _length = length;
        _staged = RandomAccess.GetLength(_file);
        _expected = expected;
        _hash = expected is null ? null : DocumentVerifier.CreateHash(expected);
    }

    /// <summary>Whether the bytes did not match the declared whole-document digest (the PUT was aborted for it).</summary>
    public bool DigestMismatched { get; private set; }

    /// <summary>The file now holds bytes up to <paramref name="stagedEnd"/>: wakes a waiting read
    /// once there is a run worth sending.</summary>
    public void Advance(long stagedEnd)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            _staged = Math.Max(_staged, stagedEnd);
            if (_waiting is not null && ReadableRun() > 0)
            {
                (wake, _waiting) = (_waiting, null);
            }
        }
        wake?.TrySetResult();
    }

    /// <summary>The body arrived whole and verified: the last byte may go.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _released = true;
            _staged = _length;
        }
        Wake();
    }

    /// <summary>The body failed: the read in progress and every later one fail, and the backend never gets a whole body.</summary>
    public void Abort()
    {
        lock (_gate)
        {
            _aborted ??= new IOException("The upload's body did not arrive whole; the PUT to the backend is aborted.");
        }
        Wake();
    }

    private void Wake()
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            (wake, _waiting) = (_waiting, null);
        }
        wake?.TrySetResult();
    }

    /// <summary>How many bytes a read may take now (under the gate): none until a full run is
    /// staged, unless the run ends where the reader must stop anyway (the held-back last byte, or
    /// the end of the document once released).</summary>
    private long ReadableRun()
    {
        var allowed = _released ? _length : _length - 1;
        var run = Math.Min(_staged, allowed) - _position;
        return run >= MinRun || (run > 0 && _staged >= allowed) ? run : 0;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task? staged = null;
            long run;
            lock (_gate)
            {
                if (_aborted is not null)
                {
                    throw _aborted;
                }
                if (_position >= _length || buffer.Length == 0)
                {
                    return 0;
                }
                run = ReadableRun();
                if (run == 0)
                {
                    staged = (_waiting ??= NewSignal()).Task;
                }
            }
            if (staged is not null)
            {
                // Not enough new in the file yet (or only the held-back last byte): wait for the writer.
                await staged.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            var want = (int)Math.Min(buffer.Length, run);
            // A synchronous read: the bytes were written a moment ago and lie in the page cache, so
            // the read is a copy; an asynchronous one was a thread-pool hop per 64 KiB on Linux.
            var read = RandomAccess.Read(_file, buffer.Span[..want], _position);
            if (read == 0)
            {
                throw new IOException("The staged file is shorter than the bytes reported staged; the PUT to the backend is aborted.");
            }
            _hash?.AppendData(buffer.Span[..read]);
            if (_position + read == _length && !Verified())
            {
                DigestMismatched = true;
                throw new IOException("The document does not match its declared digest; the PUT to the backend is aborted.");
            }
            _position += read;
            if (_position - _forgotten >= ForgetStep || _position == _length)
            {
                PageCache.Forget(_file, _forgotten, _position - _forgotten);
                _forgotten = _position;
            }
            return read;
        }
    }

    private bool Verified() =>
        _hash is null || CryptographicOperations.FixedTimeEquals(_hash.GetHashAndReset(), _expected!.Value);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            _hash?.Dispose();
        }
        base.Dispose(disposing);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
