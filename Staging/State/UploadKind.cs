namespace RsResumeProxy.Staging.State;

/// <summary>What an upload turns into when it is complete.</summary>
public enum UploadKind
{
    /// <summary>An ordinary upload: committed to its document URL when complete.</summary>
    Document,

    /// <summary>A concatenation part: never committed on its own.</summary>
    Partial,

    /// <summary>A concatenation final: assembled from its parts and committed to its document URL.</summary>
    Final,
}
