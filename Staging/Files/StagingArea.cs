using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;

namespace RsResumeProxy.Staging.Files;

/// <summary>
/// The staged bytes of pending uploads: one file per upload id. The file's length is the upload's
/// offset. Appends write what each read of the body hands over as it lies, start the disk's
/// write-back while the body is still arriving, write every byte received even when the request
/// fails half-way, and flush to stable storage before returning, so an offset reported afterwards
/// survives a crash of the process or machine.
/// </summary>
public sealed class StagingArea : IStagingStore
{
    private const int BufferSize = 64 * 1024;
    private const string Extension = ".bin";

    /// <summary>The marker file naming this staging volume; see <see cref="VolumeId"/>.</summary>
    public const string VolumeMarker = ".staging-volume-id";

    private readonly string _directory;
    private readonly Lazy<string> _volumeId;

    public StagingArea(string directory)
    {
        _directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(_directory);
        _volumeId = new Lazy<string>(LoadOrCreateVolumeId);
    }

    public string Directory => _directory;

    /// <summary>
    /// A random id kept in a marker file inside the staging directory. Instances that mount the same
    /// staging volume read the same id; an instance given a directory of its own creates another.
    /// Upload records carry the id of the volume holding their bytes, so an instance that does not
    /// see that volume refuses the upload instead of appending to a file that is not there.
    /// </summary>
    public string VolumeId => _volumeId.Value;

    private string LoadOrCreateVolumeId()
    {
        var marker = Path.Combine(_directory, VolumeMarker);
        if (TryReadVolumeId(marker) is { } existing)
        {
            return existing;
        }
        var temp = marker + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, Guid.NewGuid().ToString("N"));
        try
        {
            // No overwrite: when two instances start on a new shared volume at once, the first
            // rename wins and both read its id.
            File.Move(temp, marker, overwrite: false);
        }
        catch (IOException) when (File.Exists(marker))
        {
        }
        finally
        {
            try { File.Delete(temp); } catch (IOException) { }
        }
        return TryReadVolumeId(marker) ?? throw new IOException($"The staging volume marker {marker} is unreadable.");
    }

    private static string? TryReadVolumeId(string marker)
    {
        try
        {
            var text = File.ReadAllText(marker).Trim();
            return text.Length > 0 ? text : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public string PathOf(string id) => Path.Combine(_directory, id + Extension);

    /// <summary>Length of the staged file, or -1 when there is none.</summary>
    public long LengthOf(string id)
    {
        var info = new FileInfo(PathOf(id));
        return info.Exists ? info.Length : -1;
    }

    /// <summary>Bytes the staging volume can still take.</summary>
    /// <summary>Bytes in use on the staging volume (its size less its free space): O(1), unlike a
    /// walk of the directory; 0 when the volume cannot be asked.</summary>
    public long UsedBytes()
    {
        try
        {
            var drive = new DriveInfo(_directory);
            return drive.TotalSize - drive.TotalFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public long AvailableBytes()
    {
        try
        {
            return new DriveInfo(_directory).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return long.MaxValue;
        }
    }

    /// <summary>How many uploads have staged bytes here, and how many bytes in all (for metrics;
    /// with a shared staging volume every instance reports the same volume).</summary>
    public StagingCensus Census()
    {
        var uploads = 0;
        long bytes = 0;
        foreach (var file in new DirectoryInfo(_directory).EnumerateFiles("*" + Extension))
        {
            try
            {
                bytes += file.Length;
                uploads++;
            }
            catch (FileNotFoundException)
            {
                // Committed or expired while we counted.
            }
        }
        return new StagingCensus(uploads, bytes);
    }

    /// <summary>Creates (or empties) the staged file of a new upload and flushes it.</summary>
    public void CreateEmpty(string id)
    {
        using var stream = new FileStream(PathOf(id), FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Cuts the staged file back to <paramref name="length"/> (a discarded chunk, a
    /// held-back final byte) and flushes.</summary>
    public void Truncate(string id, long length)
    {
        using var stream = new FileStream(PathOf(id), FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
        if (stream.Length > length)
        {
            stream.SetLength(length);
            stream.Flush(flushToDisk: true);
        }
    }

    public void Delete(string id)
    {
        try { File.Delete(PathOf(id)); } catch (DirectoryNotFoundException) { }
    }

    /// <summary>Opens the staged file for the commit; the caller streams it to the backend.</summary>
    public FileStream OpenRead(string id) =>
        new(PathOf(id), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous);

    /// <summary>
    /// Streams <paramref name="source"/> onto the end of the staged file, which must be exactly
    /// <paramref name="offset"/> bytes long. Takes at most <paramref name="maxBytes"/>; a body that
    /// carries more stops with <see cref="AppendStop.LimitExceeded"/> after the allowed prefix.
    /// </summary>
    /// <param name="idleTimeout">How long one read may wait for data: a stalled body releases the
    /// upload instead of holding it forever (a total timeout would punish slow, honest links).</param>
    /// <param name="digest">Fed every byte written, for checksum verification without a second read.</param>
    /// <param name="stop">Fires when a newer request on the same upload wants it.</param>
    public async ValueTask<AppendResult> AppendAsync(
        string id, long offset, Stream source, long maxBytes, TimeSpan idleTimeout,
        IIncrementalDigest? digest, CancellationToken stop)
    {
        // The stream is read through a pipe of 64 KiB buffers (the size YARP's StreamCopier uses):
        // one code path for both kinds of source.
        var reader = PipeReader.Create(source, new StreamPipeReaderOptions(bufferSize: BufferSize, minimumReadSize: BufferSize / 4, leaveOpen: true));
        try
        {
            return await AppendAsync(id, offset, reader, maxBytes, idleTimeout, digest, stop).ConfigureAwait(false);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// As the <see cref="Stream"/> overload, reading the body where it already lies: a request's
    /// <see cref="PipeReader"/> hands over what arrived since the last read, in Kestrel's own
    /// buffers, and those buffers are written to the file as they are (one gathered write per
    /// read, no copy into a buffer of ours). The reader is not completed; that stays the caller's.
    /// </summary>
    public async ValueTask<AppendResult> AppendAsync(
        string id, long offset, PipeReader source, long maxBytes, TimeSpan idleTimeout,
        IIncrementalDigest? digest, CancellationToken stop)
    {
        long written = 0;
        var reason = AppendStop.EndOfBody;
        using var file = new FileStream(PathOf(id), FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
        using var idle = new IdleDeadline(idleTimeout, stop);
        var handle = file.SafeFileHandle;
        var writeBack = new WriteBack(handle, offset);
        var segments = new List<ReadOnlyMemory<byte>>();
        try
        {
            if (RandomAccess.GetLength(handle) != offset)
            {
                throw new InvalidOperationException($"Staged file is {RandomAccess.GetLength(handle)} bytes, append expected {offset}.");
            }
            while (true)
            {
                idle.Progress();
                var read = await source.ReadAsync(idle.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                // Read before AdvanceTo: afterwards the buffer's segments belong to the pipe again
                // and may already hold other bytes.
                var available = buffer.Length;
                var take = Math.Min(available, maxBytes - written);
                var taken = buffer.Slice(0, take);
                try
                {
                    if (take > 0)
                    {
                        // Bytes already received are written whatever happens next: a disconnect keeps them.
                        Write(handle, taken, offset + written, segments);
                        if (digest is not null)
                        {
                            foreach (var segment in taken)
                            {
                                digest.Append(segment.Span);
                            }
                        }
                        written += take;
                        writeBack.Advance(offset + written);
                    }
                }
                finally
                {
                    source.AdvanceTo(taken.End, buffer.End);
                }
                if (take < available)
                {
                    reason = AppendStop.LimitExceeded;
                    break;
                }
                if (read.IsCompleted)
                {
                    break;
                }
                if (read.IsCanceled)
                {
                    // Nothing here cancels a pending read: someone else ended the body under us.
                    reason = AppendStop.SourceFailed;
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            reason = AppendStop.Superseded;
        }
        catch (OperationCanceledException)
        {
            reason = AppendStop.IdleTimeout;
        }
        catch (IOException ex) when (IsDiskFull(ex))
        {
            reason = AppendStop.DiskFull;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidDataException)
        {
            // Kestrel reports a reset or truncated body as IOException (ConnectionResetException,
            // BadHttpRequestException); either way the bytes written so far stay.
            reason = AppendStop.SourceFailed;
        }

        var length = offset + written;
        try
        {
            // A failed write may have left a partial run behind: keep exactly what was counted.
            if (RandomAccess.GetLength(handle) != length)
            {
                file.SetLength(length);
            }
            file.Flush(flushToDisk: true);
            writeBack.Flushed(length);
        }
        catch (IOException ex) when (IsDiskFull(ex))
        {
            reason = AppendStop.DiskFull;
        }
        return new AppendResult(written, length, reason);
    }

    /// <summary>Writes a run of received bytes at <paramref name="position"/>: one write for one
    /// buffer, one gathered write (pwritev) for several.</summary>
    private static void Write(SafeFileHandle handle, ReadOnlySequence<byte> bytes, long position, List<ReadOnlyMemory<byte>> segments)
    {
        if (bytes.IsSingleSegment)
        {
            RandomAccess.Write(handle, bytes.FirstSpan, position);
            return;
        }
        segments.Clear();
        foreach (var segment in bytes)
        {
            segments.Add(segment);
        }
        RandomAccess.Write(handle, segments, position);
    }

    public ValueTask CreateAsync(string id, CancellationToken cancellationToken)
    {
        CreateEmpty(id);
        return ValueTask.CompletedTask;
    }

    public ValueTask<long> GetLengthAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(LengthOf(id));

    public ValueTask TruncateAsync(string id, long length, CancellationToken cancellationToken)
    {
        Truncate(id, length);
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        Delete(id);
        return ValueTask.CompletedTask;
    }

    public ValueTask<Stream> OpenReadAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult<Stream>(OpenRead(id));

    public ValueTask<long> GetAvailableBytesAsync(CancellationToken cancellationToken) => ValueTask.FromResult(AvailableBytes());

    /// <summary>Writes and removes a small probe file: a full, read-only or vanished volume shows here.</summary>
    public ValueTask<string?> CheckWritableAsync(CancellationToken cancellationToken)
    {
        var probe = Path.Combine(_directory, ".ready-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
            return ValueTask.FromResult<string?>(null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ValueTask.FromResult<string?>($"{_directory} is not writable: {ex.Message}");
        }
    }

    /// <summary>ENOSPC (28) and EDQUOT (122) on Linux; ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.</summary>
    internal static bool IsDiskFull(IOException ex) =>
        (ex.HResult & 0xFFFF) is 28 or 122 or 0x70 or 0x27
        || ex.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
        || ex.Message.Contains("quota", StringComparison.OrdinalIgnoreCase);
}
