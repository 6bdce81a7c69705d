using RsResumeProxy.Uploads;

namespace RsResumeProxy.Protocols.Rufh;

/// <summary>A request's headers read into an engine command, or the refusal that stops it first.</summary>
internal sealed record RufhParsed<TCommand>(TCommand? Command, UploadRefusal? Refusal = null)
    where TCommand : class
{
    public static RufhParsed<TCommand> Refused(UploadRefusal refusal) => new(null, refusal);
}
