using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.Locks;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Tus;

namespace RsResumeProxy.Uploads;

/// <summary>
/// Creation, by RS-flavoured PUT or by tus POST, at the document URL. Everything that can be
/// refused is refused before a byte of the body is read (so an Expect: 100-continue client sends
/// nothing). Then the upload is recorded (replacing this credential's earlier one at the same
/// URL, as a PUT overwrites), the body staged, and, when it completes the upload, committed.
/// </summary>
public sealed class CreationHandler(
    StagingArea staging,
    IUploadStateStore store,
    IUploadLockProvider locks,
    BodyIntake intake,
    UploadCompletion completion,
    UploadAccess access,
    CredentialQuota quota,
    IOptions<ResumableUploadOptions> options,
    TimeProvider time,
    ILogger<CreationHandler> logger)
{
    private const string DefaultDocumentType = "application/octet-stream";

    public async Task<TusAnswer> HandleAsync(UploadRequest request, bool byPut)
    {
        var settings = options.Value;
        if (request.DocumentPath.EndsWith('/'))
        {
            return TusAnswer.Error(400, "Resumable uploads create documents; this URL names a folder.");
        }

        // Length: Upload-Length, or Upload-Defer-Length: 1, or (PUT only) the Content-Length of
        // the whole document. Never both Upload-Length and Upload-Defer-Length.
        var lengthHeader = request.Header(TusHeaders.UploadLength);
        var deferHeader = request.Header(TusHeaders.UploadDeferLength);
        long? length;
        if (deferHeader is not null)
        {
            if (deferHeader != "1")
                return TusAnswer.Error(400, "Upload-Defer-Length must be 1.");
            if (lengthHeader is not null)
                return TusAnswer.Error(400, "Send Upload-Length or Upload-Defer-Length, not both.");
            length = null;
        }
        else if (lengthHeader is not null)
        {
            if (!StrictNumber.TryParse(lengthHeader, out var parsed))
                return TusAnswer.Error(400, "Upload-Length must be a non-negative decimal integer.");
            length = parsed;
        }
        else if (byPut && request.Http.Request.ContentLength is { } total)
        {
            length = total;
        }
        else
        {
            return TusAnswer.Error(400, byPut
                ? "A resumable PUT needs Upload-Length (or a Content-Length giving the whole document)."
                : "Upload-Length or Upload-Defer-Length: 1 is required.");
        }
        if (length is { } declared && settings.MaxUploadSize > 0 && declared > settings.MaxUploadSize)
        {
            return TusAnswer.Error(413, $"Upload-Length exceeds the maximum upload size of {settings.MaxUploadSize} bytes.");
        }

        if (request.Header(TusHeaders.UploadConcat) is not null)
        {
            return TusAnswer.Error(400, "Upload-Concat is not supported by this server.");
        }

        var metadataHeader = request.Header(TusHeaders.UploadMetadata);
        if (!UploadMetadata.TryParse(metadataHeader, out var metadata, out var metadataError))
        {
            return TusAnswer.Error(400, metadataError!);
        }

        // The document's type: a PUT carries it as its own Content-Type (the body is the document);
        // a POST names it in the metadata, and its body, if any, is tus data.
        string? documentType;
        if (byPut)
        {
            documentType = request.Http.Request.ContentType;
        }
        else
        {
            if (BodyIntake.HasBody(request) && !AppendHandler.IsOffsetOctetStream(request.Http.Request.ContentType))
            {
                return TusAnswer.Error(415, $"A creation body must be {TusHeaders.OffsetOctetStream}.");
            }
            documentType = metadata.DocumentType() ?? DefaultDocumentType;
        }

        var bodyLength = BodyIntake.DeclaredLength(request);
        var limit = length ?? (settings.MaxUploadSize > 0 ? settings.MaxUploadSize : long.MaxValue);
        if (bodyLength is { } declaredBody && declaredBody > limit)
        {
            return TusAnswer.Error(413, $"The body ({declaredBody} bytes) is longer than the upload ({limit} bytes).");
        }

        var needed = length ?? bodyLength ?? 0;
        var available = staging.AvailableBytes();
        if (available - settings.DiskReserveBytes < needed)
        {
            return TusAnswer.Error(507, $"The staging disk has no room for {needed} bytes; try again later.");
        }

        if (await quota.CheckAsync(request.CredentialHash, request.UploadId, needed, request.Http.RequestAborted).ConfigureAwait(false) is { } overQuota)
        {
            return overQuota;
        }

        var lease = await locks.AcquireAsync(request.UploadId, request.Http.RequestAborted).ConfigureAwait(false);
        if (lease is null)
        {
            Log.LockTimeout(logger, request.UploadId);
            return TusAnswer.Error(423, "Another request on this upload is still running and could not be stopped in time; retry shortly.");
        }
        await using (lease)
        {
            var now = time.GetUtcNow();
            var state = new UploadState
            {
                Id = request.UploadId,
                DocumentPath = request.DocumentPath,
                CredentialHash = request.CredentialHash,
                Length = length,
                ContentType = documentType,
                IfMatch = request.Header("If-Match"),
                IfNoneMatch = request.Header("If-None-Match"),
                Metadata = metadataHeader,
                CreatedAt = now,
                ExpiresAt = access.NextExpiry(),
            };
            // The record goes to disk before the first body byte, so bytes staged before a crash
            // or a drop always belong to a known upload.
            staging.CreateEmpty(state.Id);
            await store.SaveAsync(state, CancellationToken.None).ConfigureAwait(false);
            Log.Created(logger, state.Id, length);

            var result = BodyIntake.HasBody(request)
                ? await intake.ReceiveAsync(request, 0, limit, hash: null, lease.StopRequested).ConfigureAwait(false)
                : new AppendResult(0, 0, AppendStop.EndOfBody);

            if (BodyIntake.AnswerForStop(result) is { } stopped)
            {
                Log.BodyStopped(logger, state.Id, result.Stop, result.BytesWritten, result.NewLength);
                return stopped.With("Location", state.DocumentPath);
            }
            if (state.Length is { } complete && result.NewLength == complete)
            {
                var committed = await completion.CommitAsync(request, state).ConfigureAwait(false);
                return committed.With("Location", state.DocumentPath);
            }
            var answer = TusAnswer.Of(201)
                .With("Location", state.DocumentPath)
                .With(TusHeaders.UploadOffset, result.NewLength);
            UploadAccess.AddExpires(answer, state);
            return answer;
        }
    }
}
