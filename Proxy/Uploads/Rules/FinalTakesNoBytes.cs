using RsResumeProxy.Staging.State;

namespace RsResumeProxy.Uploads.Rules;

/// <summary>tus concatenation: "the Server MUST respond with 403 Forbidden" to a PATCH of a final
/// upload: its bytes are its parts'.</summary>
internal sealed class FinalTakesNoBytes : IUploadRule<AppendFacts>
{
    public static readonly FinalTakesNoBytes Instance = new();

    public UploadRefusal? Check(AppendFacts facts) =>
        facts.State.Kind == UploadKind.Final
            ? new UploadRefusal(RefusalReason.FinalNotAppendable, 403, "A final concatenation upload cannot be patched.") { CloseConnection = true }
            : null;
}
