using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RsResumeProxy.Staging.Identity;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Staging;

/// <summary>
/// Looks for a bearer token in bytes the proxy wrote (state records, staged files, Redis values):
/// the token itself and every encoding a careless store could give it. Tests first make the proxy
/// write with a token of their own, then scan everything it wrote.
/// </summary>
public static class TokenTraces
{
    /// <summary>A token no byte of a test's data could contain by chance; Base64 like a real
    /// bearer token, so '+', '/' and '=' are part of what must not be stored.</summary>
    public static string NewToken() => "rsrp-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));

    /// <summary>Creates an upload through <paramref name="proxy"/> with <paramref name="token"/>,
    /// appends to it once and leaves it pending, so its record and staged bytes stay written.
    /// Returns the credential hash the store should hold instead of the token.</summary>
    public static async Task<string> LeavePendingUploadAsync(ProxyServer proxy, string token)
    {
        using var http = new TusHttp(token);
        var url = $"{proxy.Origin}/storage/tokenowner/secret/document.bin";
        using (var created = await http.PostAsync(url, 100, new byte[10], metadata: "filename ZG9jdW1lbnQuYmlu"))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using (var appended = await http.PatchAsync(url, 10, new byte[20]))
        {
            Assert.Equal(HttpStatusCode.NoContent, appended.StatusCode);
        }
        return proxy.Services.GetRequiredService<CredentialHasher>().Hash("Bearer " + token);
    }

    /// <summary>Every file below <paramref name="directory"/>, with its bytes.</summary>
    public static IEnumerable<(string Path, byte[] Bytes)> Files(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(path => (path, File.ReadAllBytes(path)));

    /// <summary>Fails naming <paramref name="where"/> and the form found when <paramref name="bytes"/>
    /// hold the token in any form.</summary>
    public static void AssertAbsent(string token, byte[] bytes, string where)
    {
        foreach (var (form, needle) in Forms(token))
        {
            Assert.False(Contains(bytes, needle), $"{where} holds the token ({form})");
        }
    }

    public static bool Contains(byte[] bytes, string text) => Contains(bytes, Encoding.UTF8.GetBytes(text));

    private static bool Contains(byte[] bytes, byte[] needle) => bytes.AsSpan().IndexOf(needle) >= 0;

    private static IEnumerable<(string Form, byte[] Bytes)> Forms(string token)
    {
        var raw = Encoding.UTF8.GetBytes(token);
        var header = Encoding.UTF8.GetBytes("Bearer " + token);
        return new (string, string)[]
        {
            ("as sent", token),
            ("percent-encoded", Uri.EscapeDataString(token)),
            ("Base64", Convert.ToBase64String(raw)),
            ("Base64 of the Authorization value", Convert.ToBase64String(header)),
            ("Base64url", Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_')),
            ("hex", Convert.ToHexStringLower(raw)),
            ("HEX", Convert.ToHexString(raw)),
            ("hex of the Authorization value", Convert.ToHexStringLower(header)),
            // A JSON writer escapes '+' as \u002B: the token would be there without its plain bytes.
            ("JSON-escaped", System.Text.Json.JsonSerializer.Serialize(token).Trim('"')),
        }.Select(f => (f.Item1, Encoding.UTF8.GetBytes(f.Item2)))
            // The token's random part alone, so a store that drops the "rsrp-" prefix is caught too.
            .Append(("random part", Encoding.UTF8.GetBytes(token["rsrp-".Length..])));
    }
}
