using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Conformance;

/// <summary>
/// The base of the conformance matrix: one test per item of the tus checklist
/// (shared/reference/tus-checklist.md) that applies to the RS-tus profile, each tagged with the
/// item's id as trait "tus". Tests run against the proxy on real Kestrel in front of real
/// armadietto; every test works in a folder of its own (see <see cref="ProxiedTest"/>).
/// </summary>
public abstract class ConformanceTest(ProxiedBackendFixture fixture) : ProxiedTest(fixture);
