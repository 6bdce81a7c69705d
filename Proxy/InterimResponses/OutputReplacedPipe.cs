using System.IO.Pipelines;

namespace RsResumeProxy.InterimResponses;

/// <summary>A connection's transport with its output side replaced.</summary>
internal sealed class OutputReplacedPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
