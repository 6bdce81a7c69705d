namespace RsResumeProxy.Backend;

/// <summary>
/// Backend URIs that keep the client's exact percent-encoding. ASP.NET Core decodes the path
/// (%7E becomes ~) and System.Uri would canonicalise it again; armadietto rejects an unencoded ~
/// and stores %7E and ~ as different files. So the raw request target is appended to the
/// destination as text, and Uri is told not to touch it.
/// </summary>
internal static class BackendUri
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <param name="destinationPrefix">The cluster destination, e.g. "http://127.0.0.1:8765/".</param>
    /// <param name="rawTarget">The origin-form request target as received: "/storage/u/a%7Eb?x=1".</param>
    public static Uri Combine(string destinationPrefix, string rawTarget)
    {
        var prefix = destinationPrefix.EndsWith('/') ? destinationPrefix[..^1] : destinationPrefix;
        return new Uri(prefix + rawTarget, in Verbatim);
    }
}
