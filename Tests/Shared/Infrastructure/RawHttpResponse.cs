namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>A response read by <see cref="RawHttpConnection"/>.</summary>
public sealed record RawHttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
