using Microsoft.Extensions.Logging;

namespace RsResumeProxy.Staging.Locks;

/// <summary>The lock providers' log events; the ids are those of the 6xxx coordination range.</summary>
internal static partial class LockLog
{
    [LoggerMessage(6002, LogLevel.Warning, "Upload {UploadId}: its Redis lock could not be renewed; the holder stops writing")]
    public static partial void LeaseLost(ILogger logger, string uploadId);

    [LoggerMessage(6003, LogLevel.Information, "Upload {UploadId}: its Redis lock could not be released ({Reason}); it ends by its expiry")]
    public static partial void ReleaseFailed(ILogger logger, string uploadId, string reason);
}
