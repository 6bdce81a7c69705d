namespace RsResumeProxy.Discovery;

/// <summary>The outcome of <see cref="JrdRewriter.AddLinkProperty"/>; <see cref="Document"/> is the
/// new body when <see cref="Kind"/> is <see cref="JrdRewriteKind.Rewritten"/>, else null.</summary>
internal readonly record struct JrdRewriteOutcome(JrdRewriteKind Kind, byte[]? Document);
