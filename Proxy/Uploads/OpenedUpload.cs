namespace RsResumeProxy.Uploads;

/// <summary>The result of opening an upload: a session that the caller must dispose, or a refusal.</summary>
internal readonly record struct OpenedUpload(UploadSession? Session, UploadRefusal? Refusal)
{
    public static OpenedUpload Refused(UploadRefusal refusal) => new(null, refusal);
}
