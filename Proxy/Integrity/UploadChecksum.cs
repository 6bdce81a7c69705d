namespace RsResumeProxy.Integrity;

/// <summary>
/// An Upload-Checksum value: "&lt;algorithm&gt; &lt;Base64 digest of this request's body&gt;",
/// one space between them (tus checksum extension). A malformed value or an unsupported algorithm
/// is a 400; tus ties both to the request, and checking them before the body is read means a
/// client never sends bytes that are thrown away (tus checklist EXT-CK-06, EXT-CK-07).
/// </summary>
internal sealed record UploadChecksum(ChecksumAlgorithm Algorithm, byte[] Expected)
{
    public static bool TryParse(string? value, out UploadChecksum? checksum, out string? error)
    {
        checksum = null;
        error = null;
        var space = value?.IndexOf(' ') ?? -1;
        if (value is null || space <= 0 || space != value.LastIndexOf(' ') || space == value.Length - 1)
        {
            error = "Upload-Checksum must be '<algorithm> <base64 digest>' with one space.";
            return false;
        }
        var name = value[..space];
        var algorithm = ChecksumAlgorithm.Find(name);
        if (algorithm is null)
        {
            error = $"Checksum algorithm '{name}' is not supported; use one of {ChecksumAlgorithm.Announced}.";
            return false;
        }
        byte[] expected;
        try
        {
            expected = Convert.FromBase64String(value[(space + 1)..]);
        }
        catch (FormatException)
        {
            error = "The Upload-Checksum digest is not Base64.";
            return false;
        }
        if (expected.Length != algorithm.DigestLength)
        {
            error = $"A {algorithm.Name} digest has {algorithm.DigestLength} bytes; this one has {expected.Length}.";
            return false;
        }
        checksum = new UploadChecksum(algorithm, expected);
        return true;
    }
}
