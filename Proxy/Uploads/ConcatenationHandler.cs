using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Integrity;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.Locks;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Tus;

namespace RsResumeProxy.Uploads;

/// <summary>
/// The final creation of the concatenation extension: <c>POST &lt;doc&gt;</c> with
/// <c>Upload-Concat: final;&lt;part URL&gt; …</c>. Checks that every part is a complete partial
/// upload of the same credential, then commits the parts, in the order listed, as the one PUT of
/// the document (they are streamed one after another, never copied), and answers with the
/// backend's answer and <c>Location: &lt;doc&gt;</c>. Unfinished parts are refused: this server
/// does not offer concatenation-unfinished.
/// </summary>
public sealed class ConcatenationHandler(
    StagingArea staging,
    IUploadStateStore store,
    UploadCompletion completion,
    UploadAccess access,
    WriteAccessGate writeAccess,
    IOptions<ResumableUploadOptions> options,
    TimeProvider time,
    ILogger<ConcatenationHandler> logger)
{
    private const string DefaultDocumentType = "application/octet-stream";

    public async Task<TusAnswer> CreateFinalAsync(UploadRequest request, UploadConcat concat, string concatHeader)
    {
        var settings = options.Value;
        if (request.Header(TusHeaders.UploadLength) is not null || request.Header(TusHeaders.UploadDeferLength) is not null)
        {
            // tus: "The Client MUST NOT include the Upload-Length header in the final upload creation."
            return TusAnswer.Error(400, "A final upload's length is the sum of its parts; send no Upload-Length or Upload-Defer-Length.");
        }
        if (BodyIntake.HasBody(request))
        {
            // The final's bytes are its parts'; as tusd does, a body here is forbidden.
            return TusAnswer.Error(403, "A final concatenation upload takes no body.").Closing();
        }
        var metadataHeader = request.Header(TusHeaders.UploadMetadata);
        if (!UploadMetadata.TryParse(metadataHeader, out var metadata, out var metadataError))
        {
            return TusAnswer.Error(400, metadataError!);
        }
        if (!DocumentDigestHeaders.TryParse(request.Header(DocumentDigestHeaders.ReprDigest),
                request.Header(DocumentDigestHeaders.ContentMd5), out var digest, out var digestError))
        {
            return TusAnswer.Error(400, digestError!);
        }

        if (await writeAccess.CheckAsync(request).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var (lease, busy) = await access.AcquireAsync(request.UploadId, request.Http.RequestAborted).ConfigureAwait(false);
        if (busy is not null)
        {
            return busy;
        }
        await using (lease!)
        {
            // A client that lost the answer to its final creation and sends it again learns the
            // outcome; the parts are gone by then and the document is not PUT a second time.
            var existing = await store.GetAsync(request.UploadId, CancellationToken.None).ConfigureAwait(false);
            if (existing is { Kind: UploadKind.Final, IsCommitted: true } && existing.ExpiresAt > time.GetUtcNow()
                && existing.Parts is { } earlier && earlier.SequenceEqual(concat.PartIds))
            {
                Log.FinalReplayed(logger, existing.Id);
                return UploadCompletion.CommittedAnswer(existing, existing.Commit!.StatusCode).With("Location", request.DocumentPath);
            }

            // The parts are held while they are checked and streamed, so no request, termination
            // or expiry can change or remove one under the commit. Sorted: two finals sharing parts
            // take them in the same order.
            var partLeases = new List<UploadLease>();
            try
            {
                long total = 0;
                foreach (var partId in concat.PartIds.Distinct().Order(StringComparer.Ordinal))
                {
                    var (partLease, part, refusal) = await access.OpenAsync(partId, request.Http.RequestAborted,
                        state => state.Kind == UploadKind.Partial && state.CredentialHash == request.CredentialHash).ConfigureAwait(false);
                    if (refusal is not null)
                    {
                        return TusAnswer.Error(400, $"Upload-Concat names a partial upload that does not exist (any more) for these credentials ({refusal.Status}).");
                    }
                    partLeases.Add(partLease!);
                    if (part!.Length is not { } partLength || staging.LengthOf(partId) != partLength)
                    {
                        return TusAnswer.Error(400, "Upload-Concat names a partial upload that is not complete; finish it first (this server does not offer concatenation-unfinished).");
                    }
                }
                foreach (var partId in concat.PartIds)
                {
                    total += staging.LengthOf(partId);
                }
                if (settings.MaxUploadSize > 0 && total > settings.MaxUploadSize)
                {
                    return TusAnswer.Error(413, $"The parts add up to {total} bytes, more than the maximum upload size of {settings.MaxUploadSize} bytes.");
                }

                var now = time.GetUtcNow();
                var state = new UploadState
                {
                    Id = request.UploadId,
                    DocumentPath = request.DocumentPath,
                    CredentialHash = request.CredentialHash,
                    Length = total,
                    ContentType = metadata.DocumentType() ?? DefaultDocumentType,
                    IfMatch = request.Header("If-Match"),
                    IfNoneMatch = request.Header("If-None-Match"),
                    Metadata = metadataHeader,
                    Kind = UploadKind.Final,
                    Concat = concatHeader,
                    Parts = concat.PartIds.ToArray(),
                    ExpectedDigest = digest,
                    CreatedAt = now,
                    ExpiresAt = access.NextExpiry(),
                };
                // Replaces this credential's earlier upload at the document URL, as any creation does.
                staging.Delete(state.Id);
                await store.SaveAsync(state, CancellationToken.None).ConfigureAwait(false);
                Log.FinalCreated(logger, state.Id, concat.PartIds.Count, total);

                var answer = await completion.CommitAsync(request, state).ConfigureAwait(false);
                return answer.With("Location", request.DocumentPath);
            }
            finally
            {
                foreach (var partLease in partLeases)
                {
                    await partLease.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }
}
