namespace RsResumeProxy.Protocols.Rufh;

/// <summary>What a request under the storage prefix means in the draft's terms.</summary>
public enum RufhOperation
{
    /// <summary>Not the draft's: no supported interop version, or a request the draft does not define.</summary>
    None,

    /// <summary>PUT or POST at the document URL marked by Upload-Complete.</summary>
    Create,

    /// <summary>PATCH with application/partial-upload.</summary>
    Append,

    /// <summary>HEAD, or (interop 9) GET.</summary>
    RetrieveOffset,

    /// <summary>DELETE: cancels the upload only.</summary>
    Cancel,
}
