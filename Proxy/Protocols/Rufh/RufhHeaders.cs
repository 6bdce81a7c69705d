namespace RsResumeProxy.Protocols.Rufh;

/// <summary>Field names, the append media type and the problem types of the IETF draft "Resumable Uploads for HTTP".</summary>
public static class RufhHeaders
{
    public const string UploadComplete = "Upload-Complete";
    public const string UploadOffset = "Upload-Offset";
    public const string UploadLength = "Upload-Length";
    public const string UploadLimit = "Upload-Limit";
    public const string InteropVersion = "Upload-Draft-Interop-Version";

    /// <summary>The append body's media type (interop 6 on).</summary>
    public const string PartialUploadMediaType = "application/partial-upload";

    public const string MismatchingOffsetProblem = "https://iana.org/assignments/http-problem-types#mismatching-upload-offset";
    public const string InconsistentLengthProblem = "https://iana.org/assignments/http-problem-types#inconsistent-upload-length";
    public const string CompletedUploadProblem = "https://iana.org/assignments/http-problem-types#completed-upload";

    /// <summary>104 Upload Resumption Supported (the code the draft suggests; IANA registration pending).</summary>
    public const int UploadResumptionSupported = 104;
}
