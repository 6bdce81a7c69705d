using System.Text;

namespace RsResumeProxy.Uploads;

/// <summary>
/// The answer to a tus request, as a value: handlers decide, <see cref="TusAnswerWriter"/> writes.
/// Every answer carries Tus-Resumable; error answers carry a short text saying what went wrong.
/// </summary>
public sealed class TusAnswer
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

    public TusAnswer With(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }

    public TusAnswer With(string name, long value) => With(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

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
