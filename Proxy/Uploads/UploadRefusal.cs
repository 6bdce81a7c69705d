using System.Globalization;

namespace RsResumeProxy.Uploads;

/// <summary>
/// A request the engine will not (or could not fully) carry out, as a value: the reason, the HTTP
/// status every protocol answers with, and what the client needs to go on (the upload's offset,
/// when to retry). Expected failures are values; exceptions are for bugs.
/// </summary>
internal sealed record UploadRefusal(RefusalReason Reason, int Status, string Message)
{
    /// <summary>The upload's offset now, for a client that must resume from it.</summary>
    public long? Offset { get; init; }

    /// <summary>Seconds after which a retry may succeed.</summary>
    public int? RetryAfter { get; init; }

    /// <summary>Close the connection after answering: a body that will not be read, a stalled client.</summary>
    public bool CloseConnection { get; init; }

    /// <summary>Headers the answer must carry as they are (a backend's WWW-Authenticate).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public string RetryAfterText => RetryAfter?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    public static UploadRefusal Malformed(string message) => new(RefusalReason.Malformed, 400, message);

    public static UploadRefusal NotFound() =>
        new(RefusalReason.NotFound, 404, "No upload in progress at this URL for these credentials.");

    public static UploadRefusal Expired() =>
        new(RefusalReason.Expired, 410, "This upload expired and its bytes were removed; start a new upload.");

    public static UploadRefusal Busy() =>
        new(RefusalReason.Busy, 423, "Another request on this upload is still running and could not be stopped in time; retry shortly.");

    public static UploadRefusal StagedElsewhere() =>
        new(RefusalReason.StagedElsewhere, 503, "This upload's bytes are staged on a volume this proxy instance does not mount. "
            + "Every instance must share one staging volume; retry, another instance may serve it.") { RetryAfter = 5 };
}
