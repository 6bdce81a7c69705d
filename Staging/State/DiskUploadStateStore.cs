using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RsResumeProxy.Staging.State;

/// <summary>
/// The default state store: one small JSON file per upload in a directory on local disk. Writes go
/// to a temporary file that is flushed to stable storage and then renamed over the old record, so
/// a crash leaves either the old or the new record, never a torn one. A file that cannot be trusted
/// (torn by something else, foreign, an old format) is renamed aside with a ".rejected" suffix and
/// logged as a warning.
/// </summary>
public sealed partial class DiskUploadStateStore : IUploadStateStore
{
    private const string Extension = ".json";
    private readonly string _directory;
    private readonly ILogger _logger;

    /// <summary>In memory: rebuilt from the records by one scan after a start, so a crash loses nothing.</summary>
    private readonly OwnerIndex _owners = new();

    public DiskUploadStateStore(string directory, ILogger<DiskUploadStateStore>? logger = null)
    {
        _directory = Path.GetFullPath(directory);
        _logger = logger ?? NullLogger<DiskUploadStateStore>.Instance;
        Directory.CreateDirectory(_directory);
    }

    public async ValueTask<UploadState?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var path = PathOf(id);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        var state = UploadStateJson.TryDeserialize(bytes, id, out var problem);
        if (state is null)
        {
            Reject(path, problem ?? "unknown");
        }
        return state;
    }

    public async ValueTask SaveAsync(UploadState state, CancellationToken cancellationToken)
    {
        // Indexed before the record is written: the index may name more than is pending, never less.
        if (UploadOwners.IsPending(state))
        {
            _owners.Add(state);
        }
        var path = PathOf(state.Id);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var bytes = UploadStateJson.Serialize(state);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                // Not cancellable once started: a half-written temp file is deleted below, never renamed.
                await stream.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        TryDelete(PathOf(id)); // its index entries are pruned when next read
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<UploadState> ListPendingOfAsync(string owner, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _owners.EnsureBuiltAsync(ListAsync, cancellationToken).ConfigureAwait(false);
        foreach (var id in _owners.IdsOf(owner))
        {
            var state = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (state is not null && UploadOwners.IsPending(state) && UploadOwners.Owns(state, owner))
            {
                yield return state;
            }
            else
            {
                _owners.Prune(owner, id);
            }
        }
    }

    public async IAsyncEnumerable<UploadState> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in Directory.EnumerateFiles(_directory, "*" + Extension))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = Path.GetFileNameWithoutExtension(file);
            if (!UploadId.IsWellFormed(id))
            {
                continue;
            }
            var state = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (state is not null)
            {
                yield return state;
            }
        }
    }

    private string PathOf(string id)
    {
        if (!UploadId.IsWellFormed(id))
        {
            throw new ArgumentException("Malformed upload id.", nameof(id));
        }
        return Path.Combine(_directory, id + Extension);
    }

    private void Reject(string path, string reason)
    {
        try
        {
            File.Move(path, path + ".rejected", overwrite: true);
        }
        catch (IOException)
        {
            // Another reader moved it first; the report below still stands.
        }
        LogRejected(_logger, path, reason);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [LoggerMessage(1005, LogLevel.Warning, "Upload state record {File} rejected: {Reason}", EventName = "StateRejected")]
    private static partial void LogRejected(ILogger logger, string file, string reason);
}
