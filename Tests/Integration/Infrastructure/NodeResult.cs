namespace RsResumeProxy.Tests.Infrastructure;

/// <summary>
/// What a node script run produced. Kept whole (not just the exit code) so a failing assertion can print exactly
/// what the script said; tus-upload.mjs writes one JSON line to <see cref="StdOut"/> and diagnostics to
/// <see cref="StdErr"/>.
/// </summary>
public sealed record NodeResult(int ExitCode, string StdOut, string StdErr);
