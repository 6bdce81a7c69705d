using RsResumeProxy.Uploads;

namespace RsResumeProxy.Protocols.Tus;

/// <summary>A tus creation request, parsed: an upload to create, a final concatenation to
/// assemble, or the refusal of its headers; exactly one is set.</summary>
internal readonly record struct TusCreation(CreateUpload? Create = null, CreateFinalUpload? Final = null, UploadRefusal? Refusal = null);
