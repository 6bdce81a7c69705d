using RsResumeProxy.Uploads;

namespace RsResumeProxy.Protocols.Tus;

/// <summary>A tus PATCH, parsed: the append to carry out, or the refusal of its headers.</summary>
internal readonly record struct TusAppend(AppendToUpload? Append = null, UploadRefusal? Refusal = null);
