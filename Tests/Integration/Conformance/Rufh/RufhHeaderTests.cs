using System.Net.Http.Headers;
using RsResumeProxy.Protocols.Rufh;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance.Rufh;

/// <summary>
/// Strict fields (checklist §3.2): whatever a client puts in the draft's fields, on whatever
/// method, the answer is never a 5xx: an invalid field counts as absent, and a required one that is
/// absent is a 400.
/// </summary>
[Collection(ProxiedCollection.Name)]
public sealed class RufhHeaderTests(ProxiedBackendFixture fixture) : RufhConformanceTest(fixture)
{
    private static readonly string[] Nasty =
    [
        "", " ", "?", "?2", "?10", "-0", "-1", "+1", "1.5", "1e3", "0x10", "999999999999999", "1000000000000000",
        "99999999999999999999999", "(1 2)", "a=1", ":AAA=:", "\"x\"", "%\"x\"", "@1", "?1;", ";", ",", "?1, ?0",
        "5, 5", "\t?1", "1_000", "*", "?1;a=(1)", new string('9', 5_000), "max-size=-1",
    ];

    public static TheoryData<string> Fields => new()
    {
        RufhHeaders.UploadComplete, RufhHeaders.UploadOffset, RufhHeaders.UploadLength, RufhHeaders.InteropVersion, RufhHeaders.UploadLimit,
    };

    [Theory, Trait("rufh", "R-30"), MemberData(nameof(Fields))]
    public async Task FuzzedFieldValues_OnEveryMethod_NeverGive5xx(string field)
    {
        var name = $"fuzz-{field.ToLowerInvariant()}.bin";
        using (await DraftCreateAsync(9, Url(name), Bytes(10), complete: false, uploadLength: 1_000)) { }
        var random = new Random(field.Length);
        var values = Nasty.Concat(Enumerable.Range(0, 30).Select(_ => RandomFieldText(random)));
        foreach (var value in values)
        {
            // With an invalid interop version the request is not the draft's and goes to the backend,
            // and armadietto never answers a PATCH or POST without Tus-Resumable (README, "Known
            // behaviour of armadietto"): only the reads and the cancel are sent then.
            var methods = field == RufhHeaders.InteropVersion
                ? new[] { HttpMethod.Head, HttpMethod.Get, HttpMethod.Delete }
                : new[] { HttpMethod.Put, HttpMethod.Post, HttpMethod.Patch, HttpMethod.Head, HttpMethod.Get, HttpMethod.Delete };
            foreach (var method in methods)
            {
                var request = Draft(method, Url(name), 9);
                request.Headers.Remove(field);
                request.Headers.TryAddWithoutValidation(field, value);
                if (field != RufhHeaders.UploadComplete)
                {
                    request.Headers.TryAddWithoutValidation(RufhHeaders.UploadComplete, "?0");
                }
                if (field != RufhHeaders.UploadOffset)
                {
                    request.Headers.TryAddWithoutValidation(RufhHeaders.UploadOffset, "10");
                }
                if (method != HttpMethod.Head && method != HttpMethod.Get && method != HttpMethod.Delete)
                {
                    request.Content = new ByteArrayContent(Bytes(5));
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue(method == HttpMethod.Patch ? PartialUpload : "application/octet-stream");
                }
                using var response = await Tus.SendAsync(request);
                Assert.True((int)response.StatusCode < 500, $"{method} with {field}: '{value}' gave {(int)response.StatusCode}");
            }
        }
    }

    /// <summary>Printable ASCII with the structured-field punctuation weighted up.</summary>
    private static string RandomFieldText(Random random)
    {
        // Non-ASCII is left to the unit tests: HttpClient refuses to send it.
        const string alphabet = "0123456789?-;=,.\"():*%@ abcXYZ\t";
        var length = random.Next(1, 24);
        return new string(Enumerable.Range(0, length).Select(_ => random.Next(4) == 0 ? (char)random.Next(0x21, 0x7F) : alphabet[random.Next(alphabet.Length)]).ToArray());
    }
}
