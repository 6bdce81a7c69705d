using Microsoft.AspNetCore.Http;
using RsResumeProxy.Backend;

namespace RsResumeProxy.Uploads;

/// <summary>One tus request, resolved: which upload it addresses and through which backend.</summary>
public sealed class UploadRequest
{
    public required HttpContext Http { get; init; }

    /// <summary>The document URL path exactly as the client wrote it (no query).</summary>
    public required string DocumentPath { get; init; }

    public required string? Authorization { get; init; }

    public required string CredentialHash { get; init; }

    /// <summary>The id of the upload at (document, credential).</summary>
    public required string UploadId { get; init; }

    public required BackendTarget Backend { get; init; }

    public IHeaderDictionary Headers => Http.Request.Headers;

    public string? Header(string name)
    {
        var values = Http.Request.Headers[name];
        return values.Count == 0 ? null : values.ToString();
    }
}
