using System.Diagnostics;

namespace RsResumeProxy.Operations;

/// <summary>
/// Traces of the proxy's own work: one span per upload operation (one tus request) and one per
/// commit (the PUT to the RS server), on the "RsResumeProxy" ActivitySource. Spans carry the upload
/// id, never the Authorization value. Without a listener (OTLP off) StartActivity returns null and
/// nothing is allocated.
/// </summary>
internal static class UploadActivities
{
    public const string SourceName = "RsResumeProxy";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the span of one upload operation, named by the engine's operation ("Append").</summary>
    public static Activity? StartOperation(string operation, string uploadId, long? requestBytes)
    {
        var activity = Source.StartActivity(operation, ActivityKind.Internal);
        activity?.SetTag("rsrp.upload.id", uploadId);
        if (requestBytes is { } bytes)
        {
            activity?.SetTag("http.request.body.size", bytes);
        }
        return activity;
    }

    /// <summary>Records the answer: its status and, when it has one, the upload's offset after it.</summary>
    public static void Answered(Activity? activity, int status, long? offset)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetTag("http.response.status_code", status);
        if (offset is { } bytes)
        {
            activity.SetTag("rsrp.upload.offset", bytes);
        }
        if (status >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    /// <summary>Starts the span of the one PUT of a finished upload.</summary>
    public static Activity? StartCommit(string uploadId, long length)
    {
        var activity = Source.StartActivity("Commit", ActivityKind.Client);
        activity?.SetTag("rsrp.upload.id", uploadId);
        activity?.SetTag("http.request.body.size", length);
        return activity;
    }

    /// <summary>Records the backend's answer (or the 502/503/504 the proxy made of its absence).</summary>
    public static void Committed(Activity? activity, int status, bool stored)
    {
        activity?.SetTag("http.response.status_code", status);
        activity?.SetTag("rsrp.commit.stored", stored);
        if (!stored)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
        }
    }
}
