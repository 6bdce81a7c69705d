namespace RsResumeProxy.Protocols.Tus;

/// <summary>What a request asks of the resumable-upload layer.</summary>
internal enum TusOperation
{
    /// <summary>Not a tus request: pass it to the backend byte for byte.</summary>
    PassThrough,

    /// <summary>RS-flavoured creation: PUT with Tus-Resumable.</summary>
    CreateByPut,

    /// <summary>tus creation: POST with Tus-Resumable.</summary>
    CreateByPost,

    /// <summary>Offset query: HEAD with Tus-Resumable.</summary>
    Head,

    /// <summary>Append: PATCH with Tus-Resumable.</summary>
    Patch,

    /// <summary>Termination: DELETE with Tus-Resumable.</summary>
    Delete,

    /// <summary>A tus POST whose X-HTTP-Method-Override names a method other than PATCH, HEAD or
    /// DELETE: answered 400, never forwarded.</summary>
    RefusedOverride,
}
