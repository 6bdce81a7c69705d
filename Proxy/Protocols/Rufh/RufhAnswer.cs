using System.Globalization;
using System.Text.Json;
using RsResumeProxy.StructuredFields;

namespace RsResumeProxy.Protocols.Rufh;

/// <summary>
/// The answer to a draft request, as a value: <see cref="RufhAnswers"/> decides it,
/// <see cref="RufhAnswerWriter"/> writes it. Refusals carry an RFC 9457 problem document, with the
/// draft's problem types where it defines one.
/// </summary>
internal sealed class RufhAnswer
{
    public const string ProblemMediaType = "application/problem+json";

    private RufhAnswer(int status) => Status = status;

    public int Status { get; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public byte[] Body { get; private set; } = [];

    public string? BodyContentType { get; private set; }

    public bool CloseConnection { get; private set; }

    public static RufhAnswer Of(int status) => new(status);

    /// <param name="type">A problem type URI, or null for about:blank (the status says it all).</param>
    public static RufhAnswer Problem(int status, string? type, string title, string detail, params (string Name, long Value)[] members)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", type ?? "about:blank");
            json.WriteString("title", title);
            json.WriteNumber("status", status);
            json.WriteString("detail", detail);
            foreach (var (name, value) in members)
            {
                json.WriteNumber(name, value);
            }
            json.WriteEndObject();
        }
        return new RufhAnswer(status).WithBody(buffer.ToArray(), ProblemMediaType);
    }

    public RufhAnswer With(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }

    public RufhAnswer WithInteger(string name, long value) => With(name, StructuredFieldWriter.Integer(value));

    public RufhAnswer WithBoolean(string name, bool value) => With(name, StructuredFieldWriter.Boolean(value));

    public RufhAnswer WithBody(byte[] body, string? contentType)
    {
        Body = body;
        BodyContentType = contentType;
        return this;
    }

    public RufhAnswer Closing()
    {
        CloseConnection = true;
        return this;
    }

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public override string ToString() => Status.ToString(CultureInfo.InvariantCulture);
}
