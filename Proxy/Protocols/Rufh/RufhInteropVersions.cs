using Microsoft.AspNetCore.Http;

namespace RsResumeProxy.Protocols.Rufh;

/// <summary>
/// The draft's interop versions this proxy speaks, chosen per request by
/// Upload-Draft-Interop-Version. 6 is draft -04/-05 (tus-js-client's ietf-draft-05, iOS 18.1),
/// 8 is -09 to -11 (iOS 26 by user reports), 9 is -12 (the editor's copy after -11). Later numbers
/// are not taken: the newest text readable here (the editor's copy of mid-2026) still names 8 and 9,
/// and the only report of 10 (for -13) is one unconfirmed capture, so what changed is unknown, and
/// a server must not claim an interop version it has not read.
/// </summary>
public static class RufhInteropVersions
{
    public static readonly int[] Supported = [6, 8, 9];

    /// <summary>As WebFinger announces them: comma-separated, like Tus-Version.</summary>
    public static string Announced => string.Join(',', Supported);

    /// <summary>The request's interop version if this proxy speaks it; null otherwise (missing,
    /// malformed, or one it does not speak), and then the request is not the draft's.</summary>
    public static int? Of(HttpRequest request) =>
        RufhFields.NonNegativeInteger(request.Headers[RufhHeaders.InteropVersion]) is { } version && Supported.Contains((int)version)
            ? (int)version
            : null;

    /// <summary>Interop 9 (-12) allows GET for offset retrieval.</summary>
    public static bool AllowsGetForOffset(int version) => version >= 9;

    /// <summary>Interop 9 lets a valid append to a completed upload replay the final answer; 6 and 8 reject it.</summary>
    public static bool ReplaysCompletedAppends(int version) => version >= 9;

    /// <summary>Interop 6 (-04/-05) named the limit on an upload's lifetime "expires"; -06 on, "max-age".</summary>
    public static bool NamesLifetimeExpires(int version) => version <= 6;
}
