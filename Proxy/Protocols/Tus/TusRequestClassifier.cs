namespace RsResumeProxy.Protocols.Tus;

/// <summary>
/// Decides which requests the proxy takes over. Only requests under the storage prefix that carry
/// Tus-Resumable are tus; everything else, PATCH and POST included, passes through to the backend
/// (profile: "Without Tus-Resumable, every request passes through"). OPTIONS always passes through;
/// the answer gains the tus discovery headers on the way back.
/// </summary>
internal static class TusRequestClassifier
{
    /// <param name="method">The request method.</param>
    /// <param name="methodOverride">X-HTTP-Method-Override, honoured on POST only, as tus requires
    /// and like tusd, so a GET can never be turned into a write.</param>
    /// <param name="hasTusResumable">Whether the request carries Tus-Resumable (any value).</param>
    /// <param name="isStoragePath">Whether the path lies under the RS storage prefix.</param>
    public static TusOperation Classify(string method, string? methodOverride, bool hasTusResumable, bool isStoragePath)
    {
        if (!hasTusResumable || !isStoragePath)
        {
            return TusOperation.PassThrough;
        }
        if (method.Equals("POST", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(methodOverride))
        {
            // Only the methods tus needs to tunnel through POST. A PUT here would overwrite the
            // document without a resumable upload; GET, TRACE or anything else would be forwarded
            // as a plain POST, which RS servers do not answer.
            return methodOverride.Trim().ToUpperInvariant() switch
            {
                "HEAD" => TusOperation.Head,
                "PATCH" => TusOperation.Patch,
                "DELETE" => TusOperation.Delete,
                _ => TusOperation.RefusedOverride,
            };
        }
        return method.ToUpperInvariant() switch
        {
            "PUT" => TusOperation.CreateByPut,
            "POST" => TusOperation.CreateByPost,
            "HEAD" => TusOperation.Head,
            "PATCH" => TusOperation.Patch,
            "DELETE" => TusOperation.Delete,
            _ => TusOperation.PassThrough,
        };
    }
}
