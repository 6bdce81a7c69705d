using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.InterimResponses;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads;

namespace RsResumeProxy.Protocols.Rufh;

/// <summary>
/// The IETF draft "Resumable Uploads for HTTP" (interop 6, 8 and 9) on the document URLs, beside
/// tus on the same engine: a request with a supported Upload-Draft-Interop-Version, classified by
/// <see cref="RufhRequestClassifier"/>, read into an engine command by <see cref="RufhCommands"/>,
/// answered by <see cref="RufhAnswers"/>. The upload resource is the document URL itself, so the
/// 104 and the 201 name it as Location and a client that lost every answer can still resume.
/// </summary>
internal sealed class RufhProtocol(UploadEngine engine, IOptions<ResumableUploadOptions> options, TimeProvider time) : IUploadProtocol
{
    private const string ResumptionSupportedPhrase = "Upload Resumption Supported";

    public string Name => "rufh";

    public bool Claims(HttpContext context) => Operation(context) != RufhOperation.None;

    string IUploadProtocol.Operation(HttpContext context) => Operation(context) switch
    {
        RufhOperation.RetrieveOffset => "Offset",
        RufhOperation.Cancel => "Terminate",
        var other => other.ToString(),
    };

    /// <summary>The version is part of <see cref="Claims"/>: a request in a version this proxy does
    /// not speak is not the draft's, and tus or the backend take it.</summary>
    public UploadRefusal? Precheck(HttpContext context) => null;

    public async Task<UploadOutcome> HandleAsync(HttpContext context, UploadTarget target)
    {
        var exchange = Exchange(context, target);
        var outcome = target.IsPart
            // tus concatenation parts have their own URLs; the draft never addresses them.
            ? UploadOutcome.Refused(UploadRefusal.NotFound())
            : await ExecuteAsync(context, exchange).ConfigureAwait(false);
        await RufhAnswerWriter.WriteAsync(context, RufhAnswers.For(exchange with { Now = time.GetUtcNow() }, outcome)).ConfigureAwait(false);
        return outcome;
    }

    public Task WriteRefusalAsync(HttpContext context, UploadRefusal refusal)
    {
        var exchange = new RufhExchange(Operation(context), RufhInteropVersions.Of(context.Request) ?? RufhInteropVersions.Supported[^1],
            Target: null, options.Value, time.GetUtcNow());
        var answer = RufhAnswers.Refused(exchange, refusal);
        if (exchange.Operation == RufhOperation.RetrieveOffset)
        {
            answer.With("Cache-Control", "no-store");
        }
        return RufhAnswerWriter.WriteAsync(context, answer);
    }

    private async Task<UploadOutcome> ExecuteAsync(HttpContext context, RufhExchange exchange)
    {
        var aborted = context.RequestAborted;
        switch (exchange.Operation)
        {
            case RufhOperation.Create:
                var creation = RufhCommands.ParseCreation(context, exchange.Target!, options.Value);
                if (creation.Command is not { } create)
                {
                    return UploadOutcome.Refused(creation.Refusal!);
                }
                using (create.Body?.Verification)
                {
                    return await engine.CreateAsync(create with { BeforeBody = state => AnnounceAsync(context, exchange, state) }, aborted)
                        .ConfigureAwait(false);
                }
            case RufhOperation.Append:
                var parsed = RufhCommands.ParseAppend(context, exchange.Target!, options.Value);
                if (parsed.Command is not { } append)
                {
                    return UploadOutcome.Refused(parsed.Refusal!);
                }
                using (append.Body?.Verification)
                {
                    return await engine.AppendAsync(append, aborted).ConfigureAwait(false);
                }
            case RufhOperation.RetrieveOffset:
                return await engine.GetOffsetAsync(exchange.Target!, aborted).ConfigureAwait(false);
            case RufhOperation.Cancel:
                return await engine.TerminateAsync(exchange.Target!, aborted).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"Unhandled draft operation {exchange.Operation}.");
        }
    }

    /// <summary>
    /// 104 Upload Resumption Supported, once the upload exists and before a byte of its body is
    /// read: a client whose connection breaks from here on can resume at Location.
    /// Only ever to a request that named an interop version this proxy speaks, and only
    /// where a 1xx can be written (<see cref="InterimResponse"/>); the final answer repeats what it says.
    /// </summary>
    private ValueTask AnnounceAsync(HttpContext context, RufhExchange exchange, UploadState state)
    {
        KeyValuePair<string, string>[] headers =
        [
            new("Location", exchange.Target!.DocumentPath),
            new(RufhHeaders.InteropVersion, exchange.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(RufhHeaders.UploadLimit, RufhLimits.For(options.Value, state, time.GetUtcNow()).ToFieldValue(exchange.Version)),
        ];
        var sending = InterimResponse.TrySendAsync(context, RufhHeaders.UploadResumptionSupported, ResumptionSupportedPhrase, headers);
        return sending.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(sending.AsTask());
    }

    private RufhExchange Exchange(HttpContext context, UploadTarget target)
    {
        var request = context.Request;
        var operation = Operation(context);
        return new RufhExchange(operation, RufhInteropVersions.Of(request)!.Value, target, options.Value, time.GetUtcNow())
        {
            ProvidedOffset = operation == RufhOperation.Append ? RufhFields.NonNegativeInteger(request.Headers[RufhHeaders.UploadOffset]) : null,
            RequestHadBody = HttpUploadBody.MayHaveBytes(context),
        };
    }

    private static RufhOperation Operation(HttpContext context)
    {
        var request = context.Request;
        return RufhRequestClassifier.Classify(request.Method, RufhInteropVersions.Of(request), request.Headers.ContainsKey(RufhHeaders.UploadComplete));
    }
}
