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
    /// <param name="methodOverride">X-HTTP-Method-Override, honoured on POST as tus requires.</param>
    /// <param name="hasTusResumable">Whether the request carries Tus-Resumable (any value).</param>
    /// <param name="isStoragePath">Whether the path lies under the RS storage prefix.</param>
    public static TusOperation Classify(string method, string? methodOverride, bool hasTusResumable, bool isStoragePath)
    {
        if (!hasTusResumable || !isStoragePath)
        {
            return TusOperation.PassThrough;
        }
        var effective = EffectiveMethod(method, methodOverride);
        return effective switch
        {
            "PUT" => TusOperation.CreateByPut,
            "POST" => TusOperation.CreateByPost,
            "HEAD" => TusOperation.Head,
            "PATCH" => TusOperation.Patch,
            "DELETE" => TusOperation.Delete,
            _ => TusOperation.PassThrough,
        };
    }

    /// <summary>tus: "the value of X-HTTP-Method-Override MUST be interpreted as the request method";
    /// like tusd we honour it on POST only, so a GET can never be turned into a write.</summary>
    public static string EffectiveMethod(string method, string? methodOverride)
    {
        var upper = method.ToUpperInvariant();
        if (upper == "POST" && !string.IsNullOrWhiteSpace(methodOverride))
        {
            return methodOverride.Trim().ToUpperInvariant();
        }
        return upper;
    }
}
