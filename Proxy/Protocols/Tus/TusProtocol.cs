using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Uploads;

namespace RsResumeProxy.Protocols.Tus;

/// <summary>
/// tus 1.0.0 on the document URLs: a request under the storage prefix with Tus-Resumable. It is
/// classified (<see cref="TusRequestClassifier"/>), its headers parsed into an engine command
/// (<see cref="TusCommands"/>), and the engine's outcome rendered as a tus answer
/// (<see cref="TusAnswers"/>, written by <see cref="TusAnswerWriter"/>).
/// </summary>
internal sealed class TusProtocol(UploadEngine engine, IOptions<ResumableUploadOptions> options) : IUploadProtocol
{
    public string Name => "tus";

    public bool Claims(HttpContext context) => Operation(context) != TusOperation.PassThrough;

    string IUploadProtocol.Operation(HttpContext context) => Operation(context) switch
    {
        TusOperation.CreateByPut or TusOperation.CreateByPost => "Create",
        TusOperation.Patch => "Append",
        TusOperation.Head => "Offset",
        TusOperation.Delete => "Terminate",
        var other => other.ToString(),
    };

    public UploadRefusal? Precheck(HttpContext context)
    {
        if (context.Request.Headers[TusHeaders.TusResumable].ToString() != TusHeaders.Version)
        {
            // tus: 412 with Tus-Version (the writer adds it to every 412).
            return new UploadRefusal(RefusalReason.Malformed, 412, $"This server speaks tus {TusHeaders.Version}.");
        }
        return Operation(context) == TusOperation.RefusedOverride
            ? UploadRefusal.Malformed("X-HTTP-Method-Override on a tus POST may only be PATCH, HEAD or DELETE.")
            : null;
    }

    public async Task<UploadOutcome> HandleAsync(HttpContext context, UploadTarget target)
    {
        var operation = Operation(context);
        var outcome = await ExecuteAsync(context, target, operation).ConfigureAwait(false);
        await TusAnswerWriter.WriteAsync(context, TusAnswers.For(operation, target, outcome)).ConfigureAwait(false);
        return outcome;
    }

    public Task WriteRefusalAsync(HttpContext context, UploadRefusal refusal)
    {
        var answer = TusAnswer.From(refusal);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            answer.With("Cache-Control", "no-store");
        }
        return TusAnswerWriter.WriteAsync(context, answer);
    }

    private async Task<UploadOutcome> ExecuteAsync(HttpContext context, UploadTarget target, TusOperation operation)
    {
        var aborted = context.RequestAborted;
        switch (operation)
        {
            case TusOperation.CreateByPut:
            case TusOperation.CreateByPost:
                var creation = TusCommands.ParseCreation(context, target, operation == TusOperation.CreateByPut, options.Value);
                if (creation.Final is { } final)
                {
                    return await engine.CreateFinalAsync(final, aborted).ConfigureAwait(false);
                }
                if (creation.Create is not { } create)
                {
                    return UploadOutcome.Refused(creation.Refusal!);
                }
                using (create.Body?.Verification)
                {
                    return await engine.CreateAsync(create, aborted).ConfigureAwait(false);
                }
            case TusOperation.Patch:
                var parsed = TusCommands.ParseAppend(context, target, options.Value);
                if (parsed.Append is not { } append)
                {
                    return UploadOutcome.Refused(parsed.Refusal!);
                }
                using (append.Body?.Verification)
                {
                    return await engine.AppendAsync(append, aborted).ConfigureAwait(false);
                }
            case TusOperation.Head:
                return await engine.GetOffsetAsync(target, aborted).ConfigureAwait(false);
            case TusOperation.Delete:
                return await engine.TerminateAsync(target, aborted).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"Unhandled tus operation {operation}.");
        }
    }

    private static TusOperation Operation(HttpContext context)
    {
        var headers = context.Request.Headers;
        return TusRequestClassifier.Classify(context.Request.Method, headers[TusHeaders.MethodOverride],
            headers.ContainsKey(TusHeaders.TusResumable), isStoragePath: true);
    }
}
