using System.Globalization;
using System.Text;
using RsResumeProxy.Uploads;

namespace RsResumeProxy.Protocols.Tus;

/// <summary>
/// The answer to a tus request, as a value: the adapter decides, <see cref="TusAnswerWriter"/> writes.
/// Every answer carries Tus-Resumable; error answers carry a short text saying what went wrong.
/// </summary>
internal sealed class TusAnswer
{
    private TusAnswer(int status) => Status = status;

    public int Status { get; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public byte[] Body { get; private set; } = [];

    public string? BodyContentType { get; private set; }

    /// <summary>Close the connection after answering (a body we will not read, a stalled client).</summary>
    public bool CloseConnection { get; private set; }

    public static TusAnswer Of(int status) => new(status);

    public static TusAnswer Error(int status, string message) =>
        new TusAnswer(status).WithBody(Encoding.UTF8.GetBytes(message + "\n"), "text/plain; charset=utf-8");

    /// <summary>An engine refusal in tus terms: its status and text, the upload's offset when the
    /// client needs it to resume, Retry-After, and the headers it must carry.</summary>
    public static TusAnswer From(UploadRefusal refusal)
    {
        var answer = Error(refusal.Status, refusal.Message);
        if (refusal.Offset is { } offset)
        {
            answer.With(TusHeaders.UploadOffset, offset);
        }
        if (refusal.RetryAfter is not null)
        {
            answer.With("Retry-After", refusal.RetryAfterText);
        }
        foreach (var (name, value) in refusal.Headers)
        {
            answer.With(name, value);
        }
        return refusal.CloseConnection ? answer.Closing() : answer;
    }

    public TusAnswer With(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }

    public TusAnswer With(string name, long value) => With(name, value.ToString(CultureInfo.InvariantCulture));

    public TusAnswer WithBody(byte[] body, string? contentType)
    {
        Body = body;
        BodyContentType = contentType;
        return this;
    }

    public TusAnswer Closing()
    {
        CloseConnection = true;
        return this;
    }
}
