namespace RsResumeProxy.Staging.State;

/// <summary>A whole-document digest a client declared at creation: algorithm name as the client
/// wrote it ("sha-256", "sha-512", "md5") and the expected digest bytes.</summary>
public sealed record DocumentDigest(string Algorithm, byte[] Value);
