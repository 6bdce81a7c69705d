namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// The system clock, moved forward on demand: expiry and retention can be tested without waiting
/// for them. Only the wall clock moves; timestamps and timers stay real, so anything in the host
/// that measures intervals keeps working.
/// </summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    private long _shiftTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _shiftTicks, by.Ticks);
}
