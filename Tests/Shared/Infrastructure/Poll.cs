namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>Waiting for something the test sees from outside (a staged file's length, a process
/// state, a server that answers) without guessing how long it takes.</summary>
public static class Poll
{
    /// <summary>Checks <paramref name="condition"/> until it holds or <paramref name="safetyNet"/>
    /// has passed; says which. The bound only stops a hang, it is not a timing assertion: callers
    /// either assert the result or let their next assertion say what was missing.</summary>
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan safetyNet) =>
        UntilAsync(() => Task.FromResult(condition()), safetyNet);

    /// <summary>As <see cref="UntilAsync(Func{bool}, TimeSpan)"/>, for a condition that has to ask
    /// over the network (a server's first answer).</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan safetyNet)
    {
        var deadline = DateTime.UtcNow + safetyNet;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return true;
    }
}
