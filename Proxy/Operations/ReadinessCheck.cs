namespace RsResumeProxy.Operations;

/// <summary>One readiness check's outcome: its name, whether it passed, and why not.</summary>
public sealed record ReadinessCheck(string Name, bool Ready, string Detail);
