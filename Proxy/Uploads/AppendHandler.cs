using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using RsResumeProxy.Configuration;
using RsResumeProxy.Integrity;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Tus;

namespace RsResumeProxy.Uploads;

/// <summary>
/// PATCH (tus append): checks the request before reading a byte of its body (media type 415,
/// offset 400/409, length 413), streams the body onto the staged file, and when the last byte is
/// in, commits to the backend before answering.
/// </summary>
public sealed class AppendHandler(
    UploadAccess access,
    StagingArea staging,
    IUploadStateStore store,
    BodyIntake intake,
    UploadCompletion completion,
    IOptions<ResumableUploadOptions> options,
    ILogger<AppendHandler> logger)
{
    public async Task<TusAnswer> HandleAsync(UploadRequest request)
    {
        if (!IsOffsetOctetStream(request.Http.Request.ContentType))
        {
            return TusAnswer.Error(415, $"A PATCH body must be {TusHeaders.OffsetOctetStream}.");
        }
        if (!StrictNumber.TryParse(request.Header(TusHeaders.UploadOffset), out var clientOffset))
        {
            return TusAnswer.Error(400, "Upload-Offset must be a non-negative decimal integer.");
        }
        long? declaredTotal = null;
        if (request.Header(TusHeaders.UploadLength) is { } lengthHeader)
        {
            if (!StrictNumber.TryParse(lengthHeader, out var parsed))
            {
                return TusAnswer.Error(400, "Upload-Length must be a non-negative decimal integer.");
            }
            declaredTotal = parsed;
        }

        if (!BodyIntake.TryPlanVerification(request, out var verification, out var checksumRefusal))
        {
            return checksumRefusal!;
        }
        using var _ = verification;

        var (lease, state, refusal) = await access.OpenAsync(request).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }
        await using (lease!)
        {
            if (state!.Kind == UploadKind.Final)
            {
                // tus concatenation: "the Server MUST respond with 403 Forbidden" to a PATCH of a final.
                return TusAnswer.Error(403, "A final concatenation upload cannot be patched.").Closing();
            }
            if (state.IsCommitted)
            {
                // A client that lost the final answer and repeats its last PATCH learns the outcome;
                // the document is not PUT a second time.
                var replay = UploadCompletion.CommittedAnswer(state, state.Commit!.StatusCode);
                return clientOffset <= (state.Length ?? 0) ? replay.Closing()
                    : TusAnswer.Error(409, "This upload is complete.").With(TusHeaders.UploadOffset, state.Length ?? 0);
            }

            var staged = staging.LengthOf(state.Id);
            var offset = OffsetRules.Reported(state, staged);
            if (clientOffset != offset)
            {
                return TusAnswer.Error(409, $"Upload-Offset {clientOffset} does not match the upload's offset {offset}.")
                    .With(TusHeaders.UploadOffset, offset).Closing();
            }
            if (staged > offset)
            {
                // The held-back last byte (see OffsetRules) is sent again: take it from the client.
                staging.Truncate(state.Id, offset);
            }

            if (declaredTotal is { } total)
            {
                if (state.Length is { } known && known != total)
                {
                    return TusAnswer.Error(400, $"Upload-Length {total} differs from the upload's length {known}.");
                }
                if (state.Length is null)
                {
                    if (total < offset)
                    {
                        return TusAnswer.Error(400, $"Upload-Length {total} is smaller than the bytes already received ({offset}).");
                    }
                    if (options.Value.MaxUploadSize > 0 && total > options.Value.MaxUploadSize)
                    {
                        return TusAnswer.Error(413, $"Upload-Length exceeds the maximum upload size of {options.Value.MaxUploadSize} bytes.");
                    }
                    state = state with { Length = total };
                    await store.SaveAsync(state, CancellationToken.None).ConfigureAwait(false);
                }
            }

            var limit = state.Length ?? (options.Value.MaxUploadSize > 0 ? options.Value.MaxUploadSize : long.MaxValue);
            if (BodyIntake.DeclaredLength(request) is { } contentLength && contentLength > limit - offset)
            {
                return TusAnswer.Error(413, $"The body ({contentLength} bytes) goes past the upload's length or the maximum upload size ({limit}).").Closing();
            }

            var result = BodyIntake.HasBody(request)
                ? await intake.ReceiveAsync(request, state.Id, offset, limit - offset, verification, lease!).ConfigureAwait(false)
                : BodyIntakeResult.Empty(offset);
            if (result.Append.Stop == AppendStop.LeaseLost)
            {
                // Another instance may hold the upload now: record nothing, its record is the truth.
                Log.BodyStopped(logger, state.Id, result.Append.Stop, result.Append.BytesWritten, result.NewLength);
                return BodyIntake.AnswerFor(result)!;
            }
            state = state with { ExpiresAt = access.NextExpiry() };
            await store.SaveAsync(state, CancellationToken.None).ConfigureAwait(false);

            if (BodyIntake.AnswerFor(result) is { } stopped)
            {
                Log.BodyStopped(logger, state.Id, result.Append.Stop, result.Append.BytesWritten, result.NewLength);
                if (result.Checksum is not (ChecksumVerdict.NotRequested or ChecksumVerdict.Matched))
                {
                    Log.ChunkDiscarded(logger, state.Id, result.Checksum, offset);
                }
                return stopped;
            }
            if (state.Kind == UploadKind.Document && state.Length is { } length && result.NewLength == length)
            {
                return await completion.CommitAsync(request, state).ConfigureAwait(false);
            }
            var answer = TusAnswer.Of(204).With(TusHeaders.UploadOffset, result.NewLength);
            UploadAccess.AddExpires(answer, state);
            return answer;
        }
    }

    /// <summary>tus names one media type; parameters such as "; charset" are tolerated.</summary>
    internal static bool IsOffsetOctetStream(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals(TusHeaders.OffsetOctetStream, StringComparison.OrdinalIgnoreCase);
}
