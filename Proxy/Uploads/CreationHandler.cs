using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Integrity;
using RsResumeProxy.Operations;
using RsResumeProxy.Staging.Files;
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
    BodyIntake intake,
    UploadCompletion completion,
    UploadAccess access,
    ConcatenationHandler concatenation,
    CredentialQuota quota,
    WriteAccessGate writeAccess,
    IOptions<ResumableUploadOptions> options,
    TimeProvider time,
    ProxyMetrics metrics,
    ILogger<CreationHandler> logger)
{
    private const string DefaultDocumentType = "application/octet-stream";

    public async Task<TusAnswer> HandleAsync(UploadRequest request, bool byPut)
    {
        var settings = options.Value;
        if (request.IsPart)
        {
            return TusAnswer.Error(400, "This URL names a partial upload; create uploads at the document URL.");
        }
        if (!DocumentPathRule.NamesDocument(request.DocumentPath, settings.StoragePathPrefix))
        {
            return TusAnswer.Error(400, "Resumable uploads create documents; this URL names a folder, a user's root or no document at all.");
        }

        // Concatenation: a partial upload gets its own URL and is never committed on its own; a
        // final one is assembled from partial uploads and committed at this document URL.
        var partial = false;
        if (request.Header(TusHeaders.UploadConcat) is { } concatHeader)
        {
            if (byPut)
            {
                return TusAnswer.Error(400, "Upload-Concat belongs on a tus POST creation, not on a PUT.");
            }
            if (!UploadConcat.TryParse(concatHeader, out var concat, out var concatError))
            {
                return TusAnswer.Error(400, concatError!);
            }
            if (concat!.IsFinal)
            {
                return await concatenation.CreateFinalAsync(request, concat, concatHeader).ConfigureAwait(false);
            }
            partial = true;
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

        var metadataHeader = request.Header(TusHeaders.UploadMetadata);
        if (!UploadMetadata.TryParse(metadataHeader, out var metadata, out var metadataError))
        {
            return TusAnswer.Error(400, metadataError!);
        }

        // A whole-document digest describes the document, which a partial upload is not; a client
        // that sets it as a header on every request (tus-js-client's "headers") sends it on the
        // final creation too, where it is verified.
        DocumentDigest? digest = null;
        if (!partial && !DocumentDigestHeaders.TryParse(request.Header(DocumentDigestHeaders.ReprDigest),
                request.Header(DocumentDigestHeaders.ContentMd5), out digest, out var digestError))
        {
            return TusAnswer.Error(400, digestError!);
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

        if (!BodyIntake.TryPlanVerification(request, out var verification, out var checksumRefusal))
        {
            return checksumRefusal!;
        }
        using var _ = verification;

        var bodyLength = BodyIntake.DeclaredLength(request);
        var limit = length ?? (settings.MaxUploadSize > 0 ? settings.MaxUploadSize : long.MaxValue);
        if (bodyLength is { } declaredBody && declaredBody > limit)
        {
            return TusAnswer.Error(413, $"The body ({declaredBody} bytes) is longer than the upload ({limit} bytes).");
        }

        // Nothing is staged for a token the backend would refuse at commit.
        if (await writeAccess.CheckAsync(request).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var needed = length ?? bodyLength ?? 0;
        var available = staging.AvailableBytes();
        if (available - settings.DiskReserveBytes < needed)
        {
            return TusAnswer.Error(507, $"The staging disk has no room for {needed} bytes; try again later.");
        }

        var id = partial ? UploadId.NewRandom() : request.UploadId;
        var location = partial ? PartialUploadUrl.For(request.DocumentPath, id) : request.DocumentPath;
        var storageUser = DocumentPathRule.StorageUserOf(request.DocumentPath, settings.StoragePathPrefix);
        if (await quota.CheckAsync(request.CredentialHash, id, needed, request.Http.RequestAborted, storageUser).ConfigureAwait(false) is { } overQuota)
        {
            return overQuota;
        }

        var (lease, busy) = await access.AcquireAsync(id, request.Http.RequestAborted).ConfigureAwait(false);
        if (busy is not null)
        {
            return busy;
        }
        await using (lease!)
        {
            var now = time.GetUtcNow();
            var state = new UploadState
            {
                Id = id,
                DocumentPath = request.DocumentPath,
                CredentialHash = request.CredentialHash,
                StorageUser = storageUser,
                Length = length,
                ContentType = documentType,
                IfMatch = request.Header("If-Match"),
                IfNoneMatch = request.Header("If-None-Match"),
                Metadata = metadataHeader,
                Kind = partial ? UploadKind.Partial : UploadKind.Document,
                Concat = partial ? "partial" : null,
                ExpectedDigest = digest,
                CreatedAt = now,
                ExpiresAt = access.NextExpiry(),
                StagingVolume = staging.VolumeId,
            };
            // The record goes to disk before the first body byte, so bytes staged before a crash
            // or a drop always belong to a known upload.
            staging.CreateEmpty(state.Id);
            await store.SaveAsync(state, CancellationToken.None).ConfigureAwait(false);
            Log.Created(logger, state.Id, length);
            metrics.UploadCreated();

            var result = BodyIntake.HasBody(request)
                ? await intake.ReceiveAsync(request, id, 0, limit, verification, lease!).ConfigureAwait(false)
                : BodyIntakeResult.Empty(0);

            if (BodyIntake.AnswerFor(result) is { } stopped)
            {
                Log.BodyStopped(logger, state.Id, result.Append.Stop, result.Append.BytesWritten, result.NewLength);
                // The upload exists all the same: the client may resume it from the offset HEAD gives.
                return stopped.With("Location", location);
            }
            if (state.Kind == UploadKind.Document && state.Length is { } complete && result.NewLength == complete)
            {
                var committed = await completion.CommitAsync(request, state).ConfigureAwait(false);
                return committed.With("Location", location);
            }
            var answer = TusAnswer.Of(201)
                .With("Location", location)
                .With(TusHeaders.UploadOffset, result.NewLength);
            UploadAccess.AddExpires(answer, state);
            return answer;
        }
    }
}
