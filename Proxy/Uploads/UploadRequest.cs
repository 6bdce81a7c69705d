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

    /// <summary>The id of the upload at (document, credential), or, for a partial upload's URL,
    /// the id in its query (empty when that is malformed).</summary>
    public required string UploadId { get; init; }

    /// <summary>Whether the URL names a partial upload of the concatenation extension
    /// (<see cref="Tus.PartialUploadUrl"/>) rather than the upload at the document URL.</summary>
    public bool IsPart { get; init; }

    public required BackendTarget Backend { get; init; }

    public IHeaderDictionary Headers => Http.Request.Headers;

    public string? Header(string name)
    {
        var values = Http.Request.Headers[name];
        return values.Count == 0 ? null : values.ToString();
    }
}
