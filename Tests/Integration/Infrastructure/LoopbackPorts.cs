using System.Net;
using System.Net.Sockets;

namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// Ports for the servers the tests start as child processes (proxy, armadietto, redis-server), which
/// must be told their port before they bind it.
/// </summary>
/// <remarks>
/// Asking the kernel for port 0 and handing the number on is a race: until the child binds it, the
/// port is free again, and the next in-process server on port 0 (every <see cref="ProxyServer"/> and
/// <see cref="RecordingBackend"/>) can be given the same number. The child then fails to bind, and a
/// readiness probe on that port talks to the wrong server. Ports handed out here come from below the
/// kernel's ephemeral range, where port-0 binds and outgoing connections never land, and each is handed
/// out once per test run, so the only way to lose one is to a process outside the tests.
/// </remarks>
public static class LoopbackPorts
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];
    private static readonly (int Low, int High) Range = PrivateRange();

    /// <summary>A loopback port that is free now and that no other caller in this run will get.</summary>
    public static int Reserve()
    {
        lock (Gate)
        {
            var span = Range.High - Range.Low;
            var start = Random.Shared.Next(span);
            for (var i = 0; i < span; i++)
            {
                var port = Range.Low + (start + i) % span;
                if (HandedOut.Contains(port) || !IsFree(port))
                {
                    continue;
                }
                HandedOut.Add(port);
                return port;
            }
        }
        throw new InvalidOperationException($"No free loopback port in {Range.Low}-{Range.High}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The 10,000 ports just below the ephemeral range (Linux: 32768 by default).</summary>
    private static (int Low, int High) PrivateRange()
    {
        var ephemeralLow = 32768;
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            ephemeralLow = int.Parse(text[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
        }
        var high = Math.Max(ephemeralLow, 12_000);
        return (Math.Max(high - 10_000, 1_024), high);
    }
}
