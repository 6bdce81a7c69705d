using RsResumeProxy.Configuration;
using RsResumeProxy.Uploads;

namespace RsResumeProxy.Protocols.Rufh;

/// <summary>What rendering an answer needs to know about the request beside the engine's outcome.</summary>
/// <param name="Version">The interop version the request spoke (6, 8 or 9).</param>
/// <param name="Target">The upload; null for a refusal decided before it was resolved.</param>
/// <param name="ProvidedOffset">An append's Upload-Offset, for the mismatching-offset problem.</param>
/// <param name="RequestHadBody">Whether the request could carry bytes (interop 8 tells an empty
/// append to a completed upload from a non-empty one).</param>
internal sealed record RufhExchange(
    RufhOperation Operation,
    int Version,
    UploadTarget? Target,
    ResumableUploadOptions Options,
    DateTimeOffset Now,
    long? ProvidedOffset = null,
    bool RequestHadBody = false);
