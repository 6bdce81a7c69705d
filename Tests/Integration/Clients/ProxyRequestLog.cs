using System.Text.RegularExpressions;

namespace RsResumeProxy.Tests.Clients;

/// <summary>The proxy's request log lines ("PATCH /storage/u/a.bin 201 in 12.0 ms, …") for one
/// document: the outside view of whether a client sent a plain PUT or a tus upload.</summary>
public static partial class ProxyRequestLog
{
    [GeneratedRegex(@"\b(?<method>[A-Z]+) (?<path>/storage/\S+) (?<status>\d{3}) in ")]
    private static partial Regex RequestLine();

    /// <summary>"METHOD status" of each request to <paramref name="storagePath"/>, in order,
    /// without the CORS preflights a browser adds.</summary>
    public static IReadOnlyList<string> For(string log, string storagePath) =>
        RequestLine().Matches(log)
            .Where(m => m.Groups["path"].Value == storagePath && m.Groups["method"].Value != "OPTIONS")
            .Select(m => $"{m.Groups["method"].Value} {m.Groups["status"].Value}")
            .ToList();
}
