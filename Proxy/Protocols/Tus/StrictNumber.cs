namespace RsResumeProxy.Protocols.Tus;

/// <summary>
/// Lengths and offsets as tus means them: a non-negative decimal integer. long.TryParse would also
/// take "+5", " 5" and "5 " (tus checklist P-17), and a negative length once made uploads look
/// complete (filebrowser GHSA-ffx7-75gc-jg7c), so this accepts exactly ^[0-9]{1,19}$ within int64.
/// </summary>
internal static class StrictNumber
{
    public static bool TryParse(string? text, out long value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 19)
        {
            return false;
        }
        long result = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
            var digit = c - '0';
            if (result > (long.MaxValue - digit) / 10)
            {
                return false;
            }
            result = result * 10 + digit;
        }
        value = result;
        return true;
    }
}
