using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using RsResumeProxy.Protocols.Rufh;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance.Rufh;

/// <summary>
/// The base of the IETF draft's conformance matrix: one test per item of the draft checklist
/// (shared/reference/tus-checklist.md §3.3) that applies to this profile, tagged with the item's id
/// as trait "rufh", run for each interop version the item concerns, against the proxy on real
/// Kestrel in front of real armadietto. Requests are built by hand so that tests control every field.
/// </summary>
public abstract class RufhConformanceTest(ProxiedBackendFixture fixture) : ConformanceTest(fixture)
{
    public const string PartialUpload = "application/partial-upload";

    public static TheoryData<int> Versions => new() { 6, 8, 9 };

    protected HttpRequestMessage Draft(HttpMethod method, string url, int version, string? token = null)
    {
        var request = Tus.Request(method, url, tus: false, token);
        request.Headers.TryAddWithoutValidation(RufhHeaders.InteropVersion, version.ToString(CultureInfo.InvariantCulture));
        return request;
    }

    /// <summary>A creation (PUT by default, the RS way) carrying <paramref name="body"/>.</summary>
    protected Task<HttpResponseMessage> DraftCreateAsync(int version, string url, byte[] body, bool complete, long? uploadLength = null,
        HttpMethod? method = null, string? contentType = "application/octet-stream", Action<HttpRequestMessage>? configure = null)
    {
        var request = Draft(method ?? HttpMethod.Put, url, version);
        request.Headers.TryAddWithoutValidation(RufhHeaders.UploadComplete, complete ? "?1" : "?0");
        if (uploadLength is { } length)
        {
            request.Headers.TryAddWithoutValidation(RufhHeaders.UploadLength, length.ToString(CultureInfo.InvariantCulture));
        }
        request.Content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        configure?.Invoke(request);
        return Tus.SendAsync(request);
    }

    protected Task<HttpResponseMessage> DraftAppendAsync(int version, string url, long offset, byte[] body, bool complete,
        Action<HttpRequestMessage>? configure = null)
    {
        var request = Draft(HttpMethod.Patch, url, version);
        request.Headers.TryAddWithoutValidation(RufhHeaders.UploadOffset, offset.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(RufhHeaders.UploadComplete, complete ? "?1" : "?0");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(PartialUpload);
        configure?.Invoke(request);
        return Tus.SendAsync(request);
    }

    protected Task<HttpResponseMessage> DraftOffsetAsync(int version, string url, bool byGet = false, string? token = null) =>
        Tus.SendAsync(Draft(byGet ? HttpMethod.Get : HttpMethod.Head, url, version, token));

    protected static string? Field(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content)
        : null;

    protected static long? OffsetOf(HttpResponseMessage response) => RufhFields.NonNegativeInteger(Field(response, RufhHeaders.UploadOffset));

    protected static bool? CompleteOf(HttpResponseMessage response) => RufhFields.Boolean(Field(response, RufhHeaders.UploadComplete));

    protected static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    protected async Task AssertStoredAsync(string name, byte[] expected, string? contentType = null)
    {
        var stored = await BackendDocumentAsync(name);
        Assert.NotNull(stored);
        Assert.True(expected.AsSpan().SequenceEqual(stored.Value.Body), "the stored document differs from what was uploaded");
        if (contentType is not null)
        {
            Assert.StartsWith(contentType, stored.Value.ContentType);
        }
    }
}
