using Microsoft.Extensions.Logging;
using RsResumeProxy.Backend;

namespace RsResumeProxy;

/// <summary>Source-generated log messages with fixed event ids. None of them takes a header value:
/// tokens never reach a log.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Upload {UploadId} created, length {Length}")]
    public static partial void Created(ILogger logger, string uploadId, long? length);

    [LoggerMessage(1002, LogLevel.Information, "Upload {UploadId} commit {Kind} with {StatusCode} ({Length} bytes, {ElapsedMs:0.0} ms)")]
    public static partial void Committed(ILogger logger, string uploadId, CommitKind kind, int statusCode, long length, double elapsedMs);

    [LoggerMessage(1003, LogLevel.Information, "Upload {UploadId} body stopped: {Stop} after {Bytes} bytes, offset now {Offset}")]
    public static partial void BodyStopped(ILogger logger, string uploadId, Staging.Files.AppendStop stop, long bytes, long offset);

    [LoggerMessage(1004, LogLevel.Warning, "Upload {UploadId}: a newer request could not take it over in time (423)")]
    public static partial void LockTimeout(ILogger logger, string uploadId);

    // 1005: a state record rejected, logged by the state stores themselves.

    [LoggerMessage(1006, LogLevel.Information, "Upload {UploadId} expired and removed")]
    public static partial void Expired(ILogger logger, string uploadId);

    [LoggerMessage(1007, LogLevel.Warning, "Upload {UploadId} has state but no staged file; treated as unknown")]
    public static partial void StagedFileMissing(ILogger logger, string uploadId);

    [LoggerMessage(1008, LogLevel.Error, "Unexpected failure handling a tus {Method} request for upload {UploadId}")]
    public static partial void Unexpected(ILogger logger, Exception exception, string method, string uploadId);

    [LoggerMessage(1009, LogLevel.Information, "Upload {UploadId} terminated")]
    public static partial void Terminated(ILogger logger, string uploadId);

    [LoggerMessage(1010, LogLevel.Information, "Upload {UploadId}: chunk at offset {Offset} discarded ({Verdict})")]
    public static partial void ChunkDiscarded(ILogger logger, string uploadId, Integrity.ChecksumVerdict verdict, long offset);

    [LoggerMessage(1016, LogLevel.Information, "Upload {UploadId}: the backend PUT begun ahead of the completing request waited too long for the next one; aborted, the upload commits with its last request")]
    public static partial void CommitAheadIdle(ILogger logger, string uploadId);

    [LoggerMessage(1017, LogLevel.Information, "Upload {UploadId}: the backend PUT begun ahead of the completing request ended early; the upload commits with its last request")]
    public static partial void CommitAheadEnded(ILogger logger, string uploadId);

    [LoggerMessage(1011, LogLevel.Warning, "Upload {UploadId}: the staged document does not match its declared {Algorithm} digest; upload discarded")]
    public static partial void DocumentDigestMismatch(ILogger logger, string uploadId, string algorithm);

    [LoggerMessage(1012, LogLevel.Information, "Upload {UploadId} is a final concatenation of {Parts} partial uploads, {Length} bytes")]
    public static partial void FinalCreated(ILogger logger, string uploadId, int parts, long length);

    [LoggerMessage(1013, LogLevel.Information, "Upload {UploadId}: a repeated final concatenation replays the committed outcome")]
    public static partial void FinalReplayed(ILogger logger, string uploadId);

    [LoggerMessage(1014, LogLevel.Information, "Creation refused: the backend would not let this credential write {Scope} ({StatusCode}); nothing staged")]
    public static partial void WriteRefused(ILogger logger, string scope, int statusCode);

    [LoggerMessage(1015, LogLevel.Error, "The write-access probe got {StatusCode}: the backend ignored If-Match and stored an empty document. Set Backend:ProbeWriteAccess=false for this backend")]
    public static partial void ProbeWroteDocument(ILogger logger, int statusCode);

    // 5000s: discovery (WebFinger, CORS).
    [LoggerMessage(5001, LogLevel.Debug, "WebFinger answer passed on unchanged: {Reason}")]
    public static partial void WebFingerUnchanged(ILogger logger, string reason);

    // 6000s: scale-out (Redis state and locks, shared staging).
    [LoggerMessage(6001, LogLevel.Warning, "Redis unavailable during a tus {Method} request for upload {UploadId}; answered 503: {Reason}")]
    public static partial void CoordinationUnavailable(ILogger logger, string method, string uploadId, string reason);

    // 6002 and 6003 (lease lost, release failed) are logged by Staging/Locks/LockLog.

    [LoggerMessage(6004, LogLevel.Warning, "Redis connection to {EndPoint} failed: {FailureType}")]
    public static partial void RedisConnectionFailed(ILogger logger, string endPoint, string failureType);

    [LoggerMessage(6005, LogLevel.Information, "Redis connection to {EndPoint} restored")]
    public static partial void RedisConnectionRestored(ILogger logger, string endPoint);

    [LoggerMessage(6006, LogLevel.Warning, "Upload {UploadId} is staged on volume {RecordedVolume}, this instance's staging directory is volume {LocalVolume}; refused with 503")]
    public static partial void ForeignStagingVolume(ILogger logger, string uploadId, string recordedVolume, string localVolume);

    [LoggerMessage(6007, LogLevel.Warning, "Staging storage unavailable during a tus {Method} request for upload {UploadId}; answered 503: {Reason}")]
    public static partial void StagingUnavailable(ILogger logger, string method, string uploadId, string reason);
}
