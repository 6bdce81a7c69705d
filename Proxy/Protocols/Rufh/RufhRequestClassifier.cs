using Microsoft.AspNetCore.Http;

namespace RsResumeProxy.Protocols.Rufh;

/// <summary>
/// Which draft operation a request is, from its method and headers alone. Without a supported
/// interop version nothing is the draft's (tus or pass-through decide). A PUT or POST is a creation
/// only when it carries Upload-Complete, whatever its value (an invalid one is then refused with
/// 400 rather than silently stored as a plain PUT). A GET is an offset retrieval only in interop 9;
/// otherwise it stays the RS read. OPTIONS passes through and gains the draft's limits on the way back.
/// </summary>
public static class RufhRequestClassifier
{
    public static RufhOperation Classify(string method, int? interopVersion, bool hasUploadComplete)
    {
        if (interopVersion is not { } version)
        {
            return RufhOperation.None;
        }
        if (HttpMethods.IsPut(method) || HttpMethods.IsPost(method))
        {
            return hasUploadComplete ? RufhOperation.Create : RufhOperation.None;
        }
        if (HttpMethods.IsPatch(method))
        {
            return RufhOperation.Append;
        }
        if (HttpMethods.IsHead(method))
        {
            return RufhOperation.RetrieveOffset;
        }
        if (HttpMethods.IsGet(method))
        {
            return RufhInteropVersions.AllowsGetForOffset(version) ? RufhOperation.RetrieveOffset : RufhOperation.None;
        }
        return HttpMethods.IsDelete(method) ? RufhOperation.Cancel : RufhOperation.None;
    }
}
