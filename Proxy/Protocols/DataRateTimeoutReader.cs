using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace RsResumeProxy.Protocols;

/// <summary>
/// A request body's pipe on which Kestrel's minimum-data-rate cut-off reads as a stall. Over HTTP/1.1
/// Kestrel reports a body slower than MinBodyDataRate as a BadHttpRequestException (408), which the
/// staging area cannot tell from a reset and answers 400; tus clients do not retry a 400. As a
/// cancellation it gets the stalled body's resumable 503 + Retry-After, and its bytes stay kept.
/// </summary>
internal sealed class DataRateTimeoutReader(PipeReader inner) : PipeReader
{
    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            throw new OperationCanceledException("The request body arrived slower than the minimum data rate.", ex);
        }
    }

    public override bool TryRead(out ReadResult result) => inner.TryRead(out result);

    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);
}
