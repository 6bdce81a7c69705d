namespace RsResumeProxy.Staging.Files;

/// <summary>How many uploads have staged bytes in a store, and how many bytes in all.</summary>
public readonly record struct StagingCensus(int Uploads, long Bytes);
