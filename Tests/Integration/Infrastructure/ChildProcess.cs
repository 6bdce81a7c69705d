using System.Diagnostics;
using System.Text;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// A program the tests start (node, armadietto, redis-server, the proxy, unshare): one place that
/// starts it with arguments, environment and working directory, drains both pipes from the start,
/// waits for it through <see cref="Poll"/>, and kills it. Every process-based fixture builds on it.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    // A long-lived server logs every request; its newest output is what explains a failure, and
    // 1 MiB per pipe keeps several thousand lines of it without growing with the test run.
    private const int MaxChars = 1024 * 1024;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ChildProcess(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
    }

    /// <summary>The program and its arguments, for messages.</summary>
    public string CommandLine { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Both pipes, line by line in the order they arrived.</summary>
    public string Output => Read(_output);

    public string StdOut => Read(_stdout);

    public string StdErr => Read(_stderr);

    /// <summary>Starts <paramref name="command"/> (program first). Its standard input is closed at
    /// once, so a program that reads it sees the end instead of waiting. <paramref name="environment"/>
    /// is added to (and overrides) this process's environment.</summary>
    public static ChildProcess Start(IReadOnlyList<string> command, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process, string.Join(' ', command));
        // Both pipes are drained from the start: a full pipe would block the program's writes.
        process.OutputDataReceived += (_, e) => child.Collect(e.Data, child._stdout);
        process.ErrorDataReceived += (_, e) => child.Collect(e.Data, child._stderr);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start {command[0]} (is it installed and on PATH?): {ex.Message}", ex);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Starts <paramref name="command"/> and waits until it exits; the caller reads
    /// <see cref="ExitCode"/>, <see cref="StdOut"/> and <see cref="StdErr"/>.</summary>
    public static async Task<ChildProcess> RunAsync(IReadOnlyList<string> command, TimeSpan safetyNet, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var child = Start(command, workingDirectory, environment);
        await child.WaitForExitAsync(safetyNet);
        return child;
    }

    /// <summary>Waits until <paramref name="ready"/> holds while the program runs. Throws, with
    /// its output, when it exits first or when <paramref name="safetyNet"/> passes (then it is
    /// killed): the bound only stops a hang.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> ready, string what, TimeSpan safetyNet)
    {
        var outcome = false;
        await Poll.UntilAsync(async () => HasExited || (outcome = await ready()), safetyNet);
        if (outcome)
        {
            return;
        }
        if (HasExited)
        {
            // Lets the pipe readers finish, so the output holds the reason.
            await _process.WaitForExitAsync();
            throw new InvalidOperationException($"{CommandLine} exited with code {ExitCode} before {what}:\n{Output}");
        }
        Kill();
        throw new TimeoutException($"{CommandLine}: no {what} within {safetyNet}:\n{Output}");
    }

    /// <summary>Waits until a line of output satisfies <paramref name="line"/>; see
    /// <see cref="WaitUntilAsync(Func{Task{bool}}, string, TimeSpan)"/>.</summary>
    public Task WaitForLineAsync(Func<string, bool> line, string what, TimeSpan safetyNet) =>
        WaitUntilAsync(() => Task.FromResult(Output.Split('\n').Any(l => line(l.TrimEnd('\r')))), what, safetyNet);

    /// <summary>Waits for the program to end by itself (it finished, or the test asked it to
    /// stop); past <paramref name="safetyNet"/> it is killed and a <see cref="TimeoutException"/>
    /// says what it printed. Returns once the pipes are drained too.</summary>
    public async Task WaitForExitAsync(TimeSpan safetyNet)
    {
        using var hang = new CancellationTokenSource(safetyNet);
        try
        {
            await _process.WaitForExitAsync(hang.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{CommandLine} was still running after {safetyNet} and was killed:\n{Output}");
        }
    }

    /// <summary>SIGKILL to the program and everything it started: no shutdown code runs, exactly
    /// like a crash. Returns once it is gone.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Collect(string? line, StringBuilder pipe)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            Append(pipe, line);
            Append(_output, line);
        }
    }

    private static void Append(StringBuilder buffer, string line)
    {
        buffer.AppendLine(line);
        if (buffer.Length > MaxChars)
        {
            // Keep the newest output: the end is where the failure is.
            buffer.Remove(0, buffer.Length - MaxChars);
        }
    }

    private string Read(StringBuilder buffer)
    {
        lock (_output)
        {
            return buffer.ToString();
        }
    }
}
