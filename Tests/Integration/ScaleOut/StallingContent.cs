using System.Net;

namespace RsResumeProxy.Tests.ScaleOut;

/// <summary>
/// A request body that announces <see cref="DeclaredLength"/> bytes, sends <paramref name="sent"/>
/// and then stalls until <see cref="Release"/> (or forever), as a client on a dead link does.
/// </summary>
public sealed class StallingContent(byte[] sent, long declaredLength) : HttpContent
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long DeclaredLength => declaredLength;

    /// <summary>Ends the stall: the body then ends early (the request is cut short).</summary>
    public void Release() => _release.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(sent);
        await stream.FlushAsync();
        await _release.Task;
        throw new IOException("The test ended the stalled body.");
    }

    protected override bool TryComputeLength(out long length)
    {
        length = declaredLength;
        return true;
    }
}
