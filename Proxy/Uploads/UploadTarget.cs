using RsResumeProxy.Backend;

namespace RsResumeProxy.Uploads;

/// <summary>Which upload a request addresses, on whose behalf, and through which backend: resolved
/// from the request once, then all the engine knows of it.</summary>
/// <param name="DocumentPath">The document URL path exactly as the client wrote it (no query).</param>
/// <param name="Authorization">The Authorization value, replayed on the commit; never stored or logged.</param>
/// <param name="CredentialHash">The keyed hash of <paramref name="Authorization"/>: the upload's owner.</param>
/// <param name="UploadId">The id of the upload at (document, credential), or, for a partial upload's
/// URL, the id it names.</param>
/// <param name="IsPart">Whether the URL names a partial upload (concatenation) rather than the document's.</param>
/// <param name="Backend">The destination YARP chose for this request, and the cluster's client.</param>
internal sealed record UploadTarget(
    string DocumentPath, string? Authorization, string CredentialHash, string UploadId, bool IsPart, BackendTarget Backend);
