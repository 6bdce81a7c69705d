namespace RsResumeProxy.Staging.Files;

/// <summary>The outcome of streaming one request body into a staged file. <see cref="NewLength"/>
/// is the staged file's length after the bytes were flushed to stable storage.</summary>
public readonly record struct AppendResult(long BytesWritten, long NewLength, AppendStop Stop);
