using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Staging.ObjectStorage;

/// <summary>
/// Staged bytes in S3-compatible object storage, so that instances without a shared volume can
/// continue each other's uploads. Per upload, under "&lt;prefix&gt;&lt;id&gt;/":
/// <list type="bullet">
/// <item><c>manifest</c>: what the staged bytes are (<see cref="StagedObjectManifest"/>), the one
/// source of truth for the offset; replaced whole, with If-Match, after the bytes it names are stored;</item>
/// <item><c>data-&lt;n&gt;</c>: one multipart upload whose parts are all <see cref="S3StagingSettings.PartSize"/>
/// long (S3 wants at least 5 MiB for all but the last), begun with the first full part;</item>
/// <item><c>tail-&lt;n&gt;</c>: the bytes after the last part, too few for a part, as an object of
/// their own; the next append reads them back and folds them into its first part.</item>
/// </list>
/// An append buffers one part in memory, sends it as soon as it is full, and when the body ends
/// (or fails, or stalls) writes what is left as the new tail; the manifest is replaced after each
/// of these, so the offset it reports is exactly what the bucket holds and survives the loss of
/// any instance. When the storage fails mid-body the append stops with
/// <see cref="AppendStop.StagingUnavailable"/> and reports what was stored before.
/// <para>
/// Reading: S3 cannot read the parts of an unfinished multipart upload, so the commit
/// (<see cref="OpenReadAsync"/>) first sends the tail as the last part and completes the upload
/// (a "seal"); the staged bytes are then the completed object, streamed with ranged GETs, never
/// copied locally. A sealed upload stays resumable: cutting it back (a refused commit's held-back
/// byte, a discarded chunk) only shortens the length in the manifest, and the next append reopens
/// it as a new multipart upload whose parts S3 copies from the completed object server-side
/// (UploadPartCopy), with the rest read back as the tail. A seal is recorded as intended before it
/// completes, so a crash half-way is finished by whoever reads the manifest next.
/// </para>
/// <para>
/// The bucket never keeps a committed document: <see cref="DeleteAsync"/> (after the commit, on
/// termination, on expiry) aborts the multipart uploads and removes every object of the upload.
/// </para>
/// </summary>
public sealed class S3StagingStore : IStagingStore
{
    /// <summary>One read of the request body, the size StagingArea and YARP's StreamCopier use.</summary>
    private const int ReadSize = 64 * 1024;

    /// <summary>How old the census may be before a scrape starts a new count: counting reads every
    /// manifest, and Prometheus scrapes every 15 to 60 seconds.</summary>
    private static readonly TimeSpan CensusMaxAge = TimeSpan.FromSeconds(60);

    private readonly IAmazonS3 _client;
    private readonly S3StagingSettings _settings;
    private readonly TimeProvider _time;

    /// <summary>Part buffers are large (one part each); a few idle ones are kept for the next appends.</summary>
    private readonly ArrayPool<byte> _partBuffers;

    private readonly Lock _censusGate = new();
    private StagingCensus _census;
    private DateTimeOffset _censusTakenAt = DateTimeOffset.MinValue;
    private Task? _counting;

    public S3StagingStore(IAmazonS3 client, S3StagingSettings settings, TimeProvider? time = null)
    {
        if (settings.PartSize is < S3StagingSettings.MinimumPartSize or > S3StagingSettings.MaximumPartSize)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), $"PartSize must lie between {S3StagingSettings.MinimumPartSize} and {S3StagingSettings.MaximumPartSize}.");
        }
        _client = client;
        _settings = settings;
        _time = time ?? TimeProvider.System;
        _partBuffers = ArrayPool<byte>.Create(settings.PartSize, maxArraysPerBucket: 4);
    }

    public string VolumeId => _settings.VolumeId;

    public async ValueTask CreateAsync(string id, CancellationToken cancellationToken)
    {
        await DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        await SaveAsync(id, StagedObjectManifest.Empty, ifMatch: null).ConfigureAwait(false);
    }

    public async ValueTask<long> GetLengthAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await LoadAsync(id, cancellationToken).ConfigureAwait(false);
        return stored?.Manifest.Length ?? -1;
    }

    public async ValueTask<AppendResult> AppendAsync(string id, long offset, Stream source, long maxBytes, TimeSpan idleTimeout,
        IIncrementalDigest? digest, CancellationToken stop)
    {
        // Everything before the first read of the body may throw: nothing was taken from it yet.
        var stored = await LoadAsync(id, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No staged upload {id}.");
        if (stored.Manifest.Length != offset)
        {
            throw new InvalidOperationException($"Staged upload is {stored.Manifest.Length} bytes, append expected {offset}.");
        }
        stored = await ConflictsAsUnavailable(async () =>
        {
            var current = await FinishSealAsync(id, stored).ConfigureAwait(false);
            return current.Manifest.IsSealed ? await ReopenAsync(id, current).ConfigureAwait(false) : current;
        }).ConfigureAwait(false);

        var buffer = _partBuffers.Rent(_settings.PartSize);
        try
        {
            // The buffer always starts with the stored tail, so a full buffer is the next part.
            var filled = (int)stored.Manifest.TailLength;
            if (filled > 0)
            {
                await ReadRangeAsync(stored.Manifest.TailKey!, 0, buffer.AsMemory(0, filled)).ConfigureAwait(false);
            }
            var reason = AppendStop.EndOfBody;
            long taken = 0;
            using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            try
            {
                while (true)
                {
                    // CancelAfter re-arms the same timer on every read: an idle timeout, not a total one.
                    readTimeout.CancelAfter(idleTimeout);
                    var room = Math.Min(ReadSize, _settings.PartSize - filled);
                    var read = await source.ReadAsync(buffer.AsMemory(filled, room), readTimeout.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }
                    var take = (int)Math.Min(read, maxBytes - taken);
                    if (take > 0)
                    {
                        digest?.Append(buffer.AsSpan(filled, take));
                        filled += take;
                        taken += take;
                    }
                    if (filled == _settings.PartSize)
                    {
                        // Not tied to the request: bytes already received are stored whatever the client does.
                        stored = await StorePartAsync(id, stored, buffer).ConfigureAwait(false);
                        filled = 0;
                    }
                    if (take < read)
                    {
                        reason = AppendStop.LimitExceeded;
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                reason = AppendStop.Superseded;
            }
            catch (OperationCanceledException) when (readTimeout.IsCancellationRequested)
            {
                reason = AppendStop.IdleTimeout;
            }
            catch (StagingUnavailableException)
            {
                // A part could not be stored: the manifest still names what was stored before it,
                // and the bytes taken since are not kept (the result says so).
                return Result(offset, stored, AppendStop.StagingUnavailable);
            }
            catch (ManifestConflictException)
            {
                return Result(offset, stored, AppendStop.LeaseLost);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidDataException)
            {
                // Kestrel reports a reset or truncated body as IOException; the bytes taken are kept below.
                reason = AppendStop.SourceFailed;
            }

            if (filled > stored.Manifest.TailLength)
            {
                try
                {
                    stored = await StoreTailAsync(id, stored, buffer.AsMemory(0, filled)).ConfigureAwait(false);
                }
                catch (StagingUnavailableException)
                {
                    reason = AppendStop.StagingUnavailable;
                }
                catch (ManifestConflictException)
                {
                    reason = AppendStop.LeaseLost;
                }
            }
            return Result(offset, stored, reason);
        }
        finally
        {
            _partBuffers.Return(buffer);
        }
    }

    private static AppendResult Result(long offset, StoredManifest stored, AppendStop stop) =>
        new(stored.Manifest.Length - offset, stored.Manifest.Length, stop);

    public async ValueTask TruncateAsync(string id, long length, CancellationToken cancellationToken)
    {
        var stored = await LoadAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.Manifest.Length <= length)
        {
            return;
        }
        await ConflictsAsUnavailable(async () =>
        {
            stored = await FinishSealAsync(id, stored).ConfigureAwait(false);
            var manifest = stored.Manifest;
            if (manifest.IsSealed)
            {
                // The completed object keeps its bytes; only the manifest's length shrinks. An
                // append reopens it from there.
                return await SaveAsync(id, manifest with { SealedLength = length }, stored.ETag).ConfigureAwait(false);
            }
            if (length >= manifest.PartsLength)
            {
                return await CutTailAsync(id, stored, (int)(length - manifest.PartsLength)).ConfigureAwait(false);
            }
            // The cut falls inside the parts, which S3 cannot shorten: complete the upload and keep
            // a prefix of the result, as after a commit.
            return await SealAsync(id, stored, length).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var prefix = UploadPrefix(id);
        await CallAsync(async token =>
        {
            // The manifest first: from then on the upload has no staged bytes, whatever is left.
            await _client.DeleteObjectAsync(_settings.Bucket, ManifestKey(id), token).ConfigureAwait(false);
            string? keyMarker = null;
            string? uploadIdMarker = null;
            while (true)
            {
                var uploads = await _client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest
                {
                    BucketName = _settings.Bucket,
                    Prefix = prefix,
                    KeyMarker = keyMarker,
                    UploadIdMarker = uploadIdMarker,
                }, token).ConfigureAwait(false);
                foreach (var upload in uploads.MultipartUploads ?? [])
                {
                    await AbortQuietlyAsync(upload.Key, upload.UploadId, token).ConfigureAwait(false);
                }
                if (uploads.IsTruncated != true)
                {
                    break;
                }
                keyMarker = uploads.NextKeyMarker;
                uploadIdMarker = uploads.NextUploadIdMarker;
            }
            await foreach (var item in ListObjectsAsync(prefix, token).ConfigureAwait(false))
            {
                await _client.DeleteObjectAsync(_settings.Bucket, item.Key, token).ConfigureAwait(false);
            }
            return true;
        }, "remove the staged bytes", cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Stream> OpenReadAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await LoadAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"No staged upload {id}.");
        stored = await ConflictsAsUnavailable(() => FinishSealAsync(id, stored)).ConfigureAwait(false);
        var manifest = stored.Manifest;
        if (!manifest.IsSealed && manifest.Parts.Count == 0)
        {
            // Shorter than one part: the tail object is the whole document, no completion needed.
            return manifest.TailLength == 0
                ? new MemoryStream([], writable: false)
                : new ObjectRangeStream(_client, _settings.Bucket, manifest.TailKey!, manifest.TailLength);
        }
        if (!manifest.IsSealed)
        {
            stored = await ConflictsAsUnavailable(() => SealAsync(id, stored, stored.Manifest.Length)).ConfigureAwait(false);
            manifest = stored.Manifest;
        }
        return new ObjectRangeStream(_client, _settings.Bucket, manifest.SealedKey!, manifest.SealedLength);
    }

    /// <summary>Object storage has no bound worth checking before a creation.</summary>
    public ValueTask<long> GetAvailableBytesAsync(CancellationToken cancellationToken) => ValueTask.FromResult(long.MaxValue);

    /// <summary>Writes and removes a one-byte object beside the uploads: unreachable storage, a
    /// missing bucket or credentials without write access show here.</summary>
    public async ValueTask<string?> CheckWritableAsync(CancellationToken cancellationToken)
    {
        var probe = $"{_settings.KeyPrefix}.ready-{Guid.NewGuid():N}";
        try
        {
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _settings.Bucket,
                Key = probe,
                InputStream = new MemoryStream([1], writable: false),
            }, cancellationToken).ConfigureAwait(false);
            await _client.DeleteObjectAsync(_settings.Bucket, probe, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (S3Failure.IsUnavailable(ex, cancellationToken))
        {
            return $"{VolumeId} is not writable: {ex.Message}";
        }
    }

    /// <summary>The last count, started afresh in the background when it is older than a minute;
    /// zero until the first count finished. Counting reads every manifest under the prefix.</summary>
    public StagingCensus Census()
    {
        lock (_censusGate)
        {
            if (_counting is null && _time.GetUtcNow() - _censusTakenAt > CensusMaxAge)
            {
                _counting = Task.Run(CountAsync);
            }
            return _census;
        }
    }

    private async Task CountAsync()
    {
        var uploads = 0;
        long bytes = 0;
        var complete = false;
        try
        {
            await foreach (var item in ListObjectsAsync(_settings.KeyPrefix, CancellationToken.None).ConfigureAwait(false))
            {
                if (!item.Key.EndsWith("/manifest", StringComparison.Ordinal))
                {
                    continue;
                }
                var id = item.Key[_settings.KeyPrefix.Length..^"/manifest".Length];
                if (UploadId.IsWellFormed(id) && await LoadAsync(id, CancellationToken.None).ConfigureAwait(false) is { } stored)
                {
                    uploads++;
                    bytes += stored.Manifest.Length;
                }
            }
            complete = true;
        }
        catch (Exception ex) when (ex is StagingUnavailableException or InvalidDataException)
        {
            // Keep the previous count; the next scrape tries again.
        }
        lock (_censusGate)
        {
            if (complete)
            {
                _census = new StagingCensus(uploads, bytes);
                _censusTakenAt = _time.GetUtcNow();
            }
            _counting = null;
        }
    }

    /// <summary>Sends a full buffer as the next part and records it; the tail it absorbed is then garbage.</summary>
    private async Task<StoredManifest> StorePartAsync(string id, StoredManifest stored, byte[] buffer)
    {
        var manifest = stored.Manifest;
        var uploadKey = manifest.UploadKey;
        var multipartId = manifest.MultipartId;
        if (multipartId is null)
        {
            uploadKey = NewKey(id, "data");
            multipartId = await InitiateAsync(uploadKey).ConfigureAwait(false);
        }
        var number = manifest.Parts.Count + 1;
        var etag = await UploadPartAsync(uploadKey!, multipartId, number, buffer.AsMemory(0, _settings.PartSize)).ConfigureAwait(false);
        var next = manifest with
        {
            UploadKey = uploadKey,
            MultipartId = multipartId,
            Parts = [.. manifest.Parts, new StagedPart(number, _settings.PartSize, etag)],
            TailKey = null,
            TailLength = 0,
        };
        var saved = await SaveAsync(id, next, stored.ETag).ConfigureAwait(false);
        await DeleteObjectQuietlyAsync(manifest.TailKey).ConfigureAwait(false);
        return saved;
    }

    /// <summary>Stores <paramref name="tail"/> (the old tail and what followed it) under a new name,
    /// records it, and only then removes the old tail.</summary>
    private async Task<StoredManifest> StoreTailAsync(string id, StoredManifest stored, ReadOnlyMemory<byte> tail)
    {
        var key = NewKey(id, "tail");
        await PutAsync(key, tail).ConfigureAwait(false);
        StoredManifest saved;
        try
        {
            saved = await SaveAsync(id, stored.Manifest with { TailKey = key, TailLength = tail.Length }, stored.ETag).ConfigureAwait(false);
        }
        catch (ManifestConflictException)
        {
            await DeleteObjectQuietlyAsync(key).ConfigureAwait(false);
            throw;
        }
        await DeleteObjectQuietlyAsync(stored.Manifest.TailKey).ConfigureAwait(false);
        return saved;
    }

    /// <summary>Keeps the first <paramref name="length"/> bytes of the tail.</summary>
    private async Task<StoredManifest> CutTailAsync(string id, StoredManifest stored, int length)
    {
        var manifest = stored.Manifest;
        if (length == 0)
        {
            var saved = await SaveAsync(id, manifest with { TailKey = null, TailLength = 0 }, stored.ETag).ConfigureAwait(false);
            await DeleteObjectQuietlyAsync(manifest.TailKey).ConfigureAwait(false);
            return saved;
        }
        var buffer = _partBuffers.Rent(length);
        try
        {
            await ReadRangeAsync(manifest.TailKey!, 0, buffer.AsMemory(0, length)).ConfigureAwait(false);
            return await StoreTailAsync(id, stored, buffer.AsMemory(0, length)).ConfigureAwait(false);
        }
        finally
        {
            _partBuffers.Return(buffer);
        }
    }

    /// <summary>
    /// Completes the multipart upload so that its bytes can be read, keeping the first
    /// <paramref name="length"/>. The tail becomes the last part, and the intent is recorded before
    /// the completion (<see cref="StagedObjectManifest.Sealing"/>), so that a crash in between is
    /// finished by whoever comes next instead of leaving a record that names a vanished upload.
    /// </summary>
    private async Task<StoredManifest> SealAsync(string id, StoredManifest stored, long length)
    {
        var manifest = stored.Manifest;
        var parts = manifest.Parts.ToList();
        if (manifest.TailLength > 0)
        {
            var tailLength = (int)manifest.TailLength;
            var buffer = _partBuffers.Rent(tailLength);
            try
            {
                await ReadRangeAsync(manifest.TailKey!, 0, buffer.AsMemory(0, tailLength)).ConfigureAwait(false);
                var number = parts.Count + 1;
                var etag = await UploadPartAsync(manifest.UploadKey!, manifest.MultipartId!, number, buffer.AsMemory(0, tailLength)).ConfigureAwait(false);
                parts.Add(new StagedPart(number, tailLength, etag));
            }
            finally
            {
                _partBuffers.Return(buffer);
            }
        }
        var sealing = await SaveAsync(id, manifest with { Parts = parts, TailKey = null, TailLength = 0, Sealing = true }, stored.ETag).ConfigureAwait(false);
        await DeleteObjectQuietlyAsync(manifest.TailKey).ConfigureAwait(false);
        return await FinishSealAsync(id, sealing, length).ConfigureAwait(false);
    }

    /// <summary>Completes a seal that was recorded as intended; anything else is returned as it is.</summary>
    private async Task<StoredManifest> FinishSealAsync(string id, StoredManifest stored, long? length = null)
    {
        var manifest = stored.Manifest;
        if (!manifest.Sealing)
        {
            return stored;
        }
        var key = manifest.UploadKey!;
        await CallAsync(async token =>
        {
            try
            {
                var request = new CompleteMultipartUploadRequest
                {
                    BucketName = _settings.Bucket,
                    Key = key,
                    UploadId = manifest.MultipartId,
                };
                request.AddPartETags(manifest.Parts.Select(p => new PartETag(p.Number, p.ETag)));
                await _client.CompleteMultipartUploadAsync(request, token).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex) when (S3Failure.IsNotFound(ex))
            {
                // Completed before a crash that kept the manifest from saying so: the object is there.
                var head = await _client.GetObjectMetadataAsync(_settings.Bucket, key, token).ConfigureAwait(false);
                if (head.ContentLength < manifest.Length)
                {
                    throw new InvalidDataException($"The multipart upload {key} is gone and its object holds {head.ContentLength} of {manifest.Length} bytes.");
                }
            }
            return true;
        }, "complete the multipart upload", CancellationToken.None).ConfigureAwait(false);
        var sealedManifest = new StagedObjectManifest { SealedKey = key, SealedLength = Math.Min(length ?? manifest.Length, manifest.Length) };
        return await SaveAsync(id, sealedManifest, stored.ETag).ConfigureAwait(false);
    }

    /// <summary>
    /// Turns a sealed upload back into a multipart upload of its first SealedLength bytes, for an
    /// append: S3 copies the full parts from the completed object itself (no byte passes through
    /// this instance), the rest is read back as the tail, and the completed object is removed once
    /// the new manifest names the copies.
    /// </summary>
    private async Task<StoredManifest> ReopenAsync(string id, StoredManifest stored)
    {
        var manifest = stored.Manifest;
        var source = manifest.SealedKey!;
        var length = manifest.SealedLength;
        var fullParts = (int)(length / _settings.PartSize);
        string? uploadKey = null;
        string? multipartId = null;
        var parts = new List<StagedPart>(fullParts);
        if (fullParts > 0)
        {
            uploadKey = NewKey(id, "data");
            multipartId = await InitiateAsync(uploadKey).ConfigureAwait(false);
            for (var i = 0; i < fullParts; i++)
            {
                var first = (long)i * _settings.PartSize;
                var etag = await CopyPartAsync(source, first, uploadKey, multipartId, i + 1).ConfigureAwait(false);
                parts.Add(new StagedPart(i + 1, _settings.PartSize, etag));
            }
        }
        var rest = (int)(length - (long)fullParts * _settings.PartSize);
        string? tailKey = null;
        if (rest > 0)
        {
            var buffer = _partBuffers.Rent(rest);
            try
            {
                await ReadRangeAsync(source, (long)fullParts * _settings.PartSize, buffer.AsMemory(0, rest)).ConfigureAwait(false);
                tailKey = NewKey(id, "tail");
                await PutAsync(tailKey, buffer.AsMemory(0, rest)).ConfigureAwait(false);
            }
            finally
            {
                _partBuffers.Return(buffer);
            }
        }
        var reopened = new StagedObjectManifest
        {
            UploadKey = uploadKey,
            MultipartId = multipartId,
            Parts = parts,
            TailKey = tailKey,
            TailLength = rest,
        };
        var saved = await SaveAsync(id, reopened, stored.ETag).ConfigureAwait(false);
        await DeleteObjectQuietlyAsync(source).ConfigureAwait(false);
        return saved;
    }

    private async Task<StoredManifest?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var key = ManifestKey(id);
        return await CallAsync(async token =>
        {
            try
            {
                using var response = await _client.GetObjectAsync(_settings.Bucket, key, token).ConfigureAwait(false);
                using var json = new MemoryStream();
                await response.ResponseStream.CopyToAsync(json, token).ConfigureAwait(false);
                return new StoredManifest(StagedObjectManifest.Deserialize(json.GetBuffer().AsSpan(0, (int)json.Length), key), response.ETag);
            }
            catch (AmazonS3Exception ex) when (S3Failure.IsNotFound(ex))
            {
                return null;
            }
        }, "read the upload's manifest", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the manifest, only if it is still the one read (<paramref name="ifMatch"/>);
    /// null writes unconditionally (a new upload).</summary>
    private async Task<StoredManifest> SaveAsync(string id, StagedObjectManifest manifest, string? ifMatch)
    {
        var key = ManifestKey(id);
        var body = manifest.Serialize();
        var etag = await CallAsync(async token =>
        {
            try
            {
                var response = await _client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = _settings.Bucket,
                    Key = key,
                    InputStream = new MemoryStream(body, writable: false),
                    ContentType = "application/json",
                    IfMatch = ifMatch,
                }, token).ConfigureAwait(false);
                return response.ETag;
            }
            catch (AmazonS3Exception ex) when (ifMatch is not null && (S3Failure.IsPreconditionFailed(ex) || S3Failure.IsNotFound(ex)))
            {
                throw new ManifestConflictException(key);
            }
        }, "record the staged bytes", CancellationToken.None).ConfigureAwait(false);
        return new StoredManifest(manifest, etag);
    }

    private Task<string> InitiateAsync(string key) =>
        CallAsync(async token => (await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _settings.Bucket,
            Key = key,
        }, token).ConfigureAwait(false)).UploadId, "begin a multipart upload", CancellationToken.None);

    private Task<string> UploadPartAsync(string key, string multipartId, int number, ReadOnlyMemory<byte> bytes) =>
        CallAsync(async token => (await _client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _settings.Bucket,
            Key = key,
            UploadId = multipartId,
            PartNumber = number,
            PartSize = bytes.Length,
            InputStream = AsStream(bytes),
        }, token).ConfigureAwait(false)).ETag, "store a part", CancellationToken.None);

    private Task<string> CopyPartAsync(string source, long first, string key, string multipartId, int number) =>
        CallAsync(async token => (await _client.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = _settings.Bucket,
            SourceKey = source,
            DestinationBucket = _settings.Bucket,
            DestinationKey = key,
            UploadId = multipartId,
            PartNumber = number,
            FirstByte = first,
            LastByte = first + _settings.PartSize - 1,
        }, token).ConfigureAwait(false)).ETag, "copy a part", CancellationToken.None);

    private Task<bool> PutAsync(string key, ReadOnlyMemory<byte> bytes) =>
        CallAsync(async token =>
        {
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _settings.Bucket,
                Key = key,
                InputStream = AsStream(bytes),
            }, token).ConfigureAwait(false);
            return true;
        }, "store the tail", CancellationToken.None);

    /// <summary>Reads <paramref name="target"/>.Length bytes of <paramref name="key"/> from <paramref name="start"/>.</summary>
    private Task<bool> ReadRangeAsync(string key, long start, Memory<byte> target) =>
        CallAsync(async token =>
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest
            {
                BucketName = _settings.Bucket,
                Key = key,
                ByteRange = new ByteRange(start, start + target.Length - 1),
            }, token).ConfigureAwait(false);
            await response.ResponseStream.ReadExactlyAsync(target, token).ConfigureAwait(false);
            return true;
        }, "read staged bytes back", CancellationToken.None);

    /// <summary>Removes an object nobody names any more; if that fails it stays as garbage until the
    /// upload is deleted (or the bucket's lifecycle rule removes it), which harms nothing.</summary>
    private async Task DeleteObjectQuietlyAsync(string? key)
    {
        if (key is null)
        {
            return;
        }
        try
        {
            await _client.DeleteObjectAsync(_settings.Bucket, key).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3Failure.IsUnavailable(ex, CancellationToken.None))
        {
        }
    }

    private async Task AbortQuietlyAsync(string key, string multipartId, CancellationToken cancellationToken)
    {
        try
        {
            await _client.AbortMultipartUploadAsync(_settings.Bucket, key, multipartId, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (S3Failure.IsNotFound(ex))
        {
            // Completed or aborted in the meantime.
        }
    }

    private async IAsyncEnumerable<S3Object> ListObjectsAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        while (true)
        {
            var page = await CallAsync(token => _client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = _settings.Bucket,
                Prefix = prefix,
                ContinuationToken = continuation,
            }, token), "list staged objects", cancellationToken).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return item;
            }
            if (page.IsTruncated != true)
            {
                yield break;
            }
            continuation = page.NextContinuationToken;
        }
    }

    /// <summary>A read-only stream over the bytes, seekable so that the client can sign and resend it.</summary>
    private static MemoryStream AsStream(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    /// <summary>The one place where the client's failures become <see cref="StagingUnavailableException"/>.</summary>
    private static async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (ManifestConflictException or StagingUnavailableException or InvalidDataException)
                                   && S3Failure.IsUnavailable(ex, cancellationToken))
        {
            throw new StagingUnavailableException($"Object storage could not {what}: {ex.Message}", ex);
        }
    }

    /// <summary>Outside an append, losing the manifest to another writer means this instance lost
    /// the upload's lock: the request is answered as for storage that cannot be used now (retry).</summary>
    private static async Task<StoredManifest> ConflictsAsUnavailable(Func<Task<StoredManifest>> change)
    {
        try
        {
            return await change().ConfigureAwait(false);
        }
        catch (ManifestConflictException ex)
        {
            throw new StagingUnavailableException(ex.Message + " This instance no longer holds the upload; retry.", ex);
        }
    }

    private string ManifestKey(string id) => UploadPrefix(id) + "manifest";

    private string UploadPrefix(string id) =>
        UploadId.IsWellFormed(id) ? $"{_settings.KeyPrefix}{id}/" : throw new ArgumentException($"Malformed upload id '{id}'.", nameof(id));

    private string NewKey(string id, string kind) => $"{UploadPrefix(id)}{kind}-{Guid.NewGuid():N}";
}
