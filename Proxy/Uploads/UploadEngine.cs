using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;
using RsResumeProxy.Operations;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.Locks;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads.Rules;
using RsResumeProxy.Uploads.Streaming;

namespace RsResumeProxy.Uploads;

/// <summary>
/// The protocol-neutral upload engine: create, append, offset, terminate, and the commit that ends
/// an upload. Each operation is its rules (<see cref="UploadRules"/>) plus one action; every
/// expected failure comes back as an <see cref="UploadOutcome"/> that a protocol renders. A
/// creation that carries bytes is a creation followed by the same body path as an append.
/// </summary>
internal sealed class UploadEngine(
    UploadAccess access,
    UploadRecords records,
    BodyIntake intake,
    UploadCommit commit,
    OpenCommits openCommits,
    CredentialQuota quota,
    WriteAccessGate writeAccess,
    IStagingStore staging,
    IUploadStateStore store,
    IOptions<ResumableUploadOptions> options,
    ProxyMetrics metrics,
    TimeProvider time,
    ILogger<UploadEngine> logger)
{
    public async Task<UploadOutcome> CreateAsync(CreateUpload command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var target = command.Target;
        var facts = new CreationFacts(target.DocumentPath, target.IsPart, settings.StoragePathPrefix, command.Length,
            command.Body?.DeclaredLength, settings.MaxUploadSize,
            await staging.GetAvailableBytesAsync(cancellationToken).ConfigureAwait(false), settings.DiskReserveBytes);
        if (RuleList.FirstRefusal(UploadRules.Creation, facts) is { } refused)
        {
            return UploadOutcome.Refused(refused);
        }

        // Nothing is staged for a token the backend would refuse at commit.
        if (await writeAccess.CheckAsync(target, cancellationToken).ConfigureAwait(false) is { } notAllowed)
        {
            return UploadOutcome.Refused(notAllowed);
        }
        var id = command.Kind == UploadKind.Partial ? UploadId.NewRandom() : target.UploadId;
        var needed = command.Length ?? command.Body?.DeclaredLength ?? 0;
        if (await quota.CheckAsync(target.CredentialHash, id, needed, cancellationToken,
                StoragePath.UserOf(target.DocumentPath, settings.StoragePathPrefix)).ConfigureAwait(false) is { } overQuota)
        {
            return UploadOutcome.Refused(overQuota);
        }

        await using var lease = await access.AcquireAsync(id, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return UploadOutcome.Refused(UploadRefusal.Busy());
        }
        // The record and the empty staged object exist before the first body byte, so bytes staged
        // before a crash or a drop always belong to a known upload. It replaces this credential's
        // earlier upload at the same URL, as a PUT overwrites.
        var state = records.New(command, id);
        await staging.CreateAsync(id, CancellationToken.None).ConfigureAwait(false);
        await store.SaveAsync(state, CancellationToken.None).ConfigureAwait(false);
        Log.Created(logger, id, state.Length);
        metrics.UploadCreated();

        var session = new UploadSession(lease, state, 0);
        return await TakeBodyAsync(target, session, command.Body, command.CompleteAtEndOfBody, command.BeforeBody,
            UploadOutcomeKind.Created).ConfigureAwait(false);
    }

    public async Task<UploadOutcome> AppendAsync(AppendToUpload command, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(command.Target, cancellationToken).ConfigureAwait(false);
        if (opened.Session is not { } session)
        {
            return UploadOutcome.Refused(opened.Refusal!);
        }
        await using (session)
        {
            var state = session.State;
            if (state.IsCommitted && state.Kind != UploadKind.Final)
            {
                // A client that lost the final answer and repeats its last append learns the
                // outcome; the document is not PUT a second time.
                return command.ClientOffset <= (state.Length ?? 0)
                    ? UploadCommit.Replay(state)
                    : UploadOutcome.Refused(new UploadRefusal(RefusalReason.AlreadyComplete, 409, "This upload is complete.")
                    {
                        Offset = state.Length ?? 0,
                    }, state);
            }

            var offset = state.IsCommitted ? state.Length ?? 0 : ReportedOffset.Of(state, session.StagedLength);
            var facts = new AppendFacts(state, offset, command.ClientOffset, command.DeclaredLength,
                command.Body?.DeclaredLength, options.Value.MaxUploadSize);
            if (RuleList.FirstRefusal(UploadRules.Append, facts) is { } refused)
            {
                return UploadOutcome.Refused(refused, state);
            }
            if (session.StagedLength > offset)
            {
                // The held-back last byte (see ReportedOffset) is sent again: take it from the client.
                await staging.TruncateAsync(state.Id, offset, CancellationToken.None).ConfigureAwait(false);
                session.StagedLength = offset;
            }
            if (state.Length is null && command.DeclaredLength is { } declared)
            {
                // Saved with the body's outcome: a declaration lost to a crash is repeated by the client,
                // which learns from the offset query that the length is still deferred.
                session.State = state with { Length = declared };
            }
            return await TakeBodyAsync(command.Target, session, command.Body, command.CompleteAtEndOfBody, command.BeforeBody,
                UploadOutcomeKind.Appended).ConfigureAwait(false);
        }
    }

    public async Task<UploadOutcome> GetOffsetAsync(UploadTarget target, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(target, cancellationToken).ConfigureAwait(false);
        if (opened.Session is not { } session)
        {
            return UploadOutcome.Refused(opened.Refusal!);
        }
        // The lease is taken, like an append's, so an older request that stalled is stopped first
        // and the offset returned is the one the next append must use (tus checklist C-18).
        await using (session)
        {
            return new UploadOutcome(UploadOutcomeKind.Found)
            {
                State = session.State,
                Offset = ReportedOffset.Of(session.State, session.StagedLength),
            };
        }
    }

    public async Task<UploadOutcome> TerminateAsync(UploadTarget target, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(target, cancellationToken).ConfigureAwait(false);
        if (opened.Session is not { } session)
        {
            return UploadOutcome.Refused(opened.Refusal!);
        }
        await using (session)
        {
            // Only the pending upload: deleting the stored document is a plain RS DELETE.
            await openCommits.ForgetAsync(session.State.Id).ConfigureAwait(false);
            await staging.DeleteAsync(session.State.Id, CancellationToken.None).ConfigureAwait(false);
            await store.DeleteAsync(session.State.Id, CancellationToken.None).ConfigureAwait(false);
            Log.Terminated(logger, session.State.Id);
            return new UploadOutcome(UploadOutcomeKind.Terminated) { State = session.State };
        }
    }

    /// <summary>
    /// A final concatenation: checks that every part is a complete partial upload of the same
    /// credential, then commits the parts, in the order listed, as the document's one PUT (streamed
    /// one after another, never copied). Unfinished parts are refused: concatenation-unfinished is
    /// not offered.
    /// </summary>
    public async Task<UploadOutcome> CreateFinalAsync(CreateFinalUpload command, CancellationToken cancellationToken)
    {
        var target = command.Target;
        if (CreationAddressesADocument.Instance.Check(new CreationFacts(target.DocumentPath, target.IsPart,
                options.Value.StoragePathPrefix, null, null, 0, long.MaxValue, 0)) is { } notADocument)
        {
            return UploadOutcome.Refused(notADocument);
        }
        if (await writeAccess.CheckAsync(target, cancellationToken).ConfigureAwait(false) is { } notAllowed)
        {
            return UploadOutcome.Refused(notAllowed);
        }
        await using var lease = await access.AcquireAsync(target.UploadId, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return UploadOutcome.Refused(UploadRefusal.Busy());
        }
        // A client that lost the answer to its final creation and sends it again learns the
        // outcome; the parts are gone by then and the document is not PUT a second time.
        var existing = await store.GetAsync(target.UploadId, CancellationToken.None).ConfigureAwait(false);
        if (existing is { Kind: UploadKind.Final, IsCommitted: true } && !existing.HasOutlivedRetentionAt(time.GetUtcNow())
            && existing.Parts is { } earlier && earlier.SequenceEqual(command.PartIds))
        {
            Log.FinalReplayed(logger, existing.Id);
            return UploadCommit.Replay(existing);
        }

        // The parts are held while they are checked and streamed, so no request, termination or
        // expiry can change or remove one under the commit. Sorted: two finals sharing parts take
        // them in the same order.
        var parts = new List<UploadSession>();
        try
        {
            foreach (var partId in command.PartIds.Distinct().Order(StringComparer.Ordinal))
            {
                var opened = await access.OpenAsync(partId,
                    state => state.Kind == UploadKind.Partial && state.CredentialHash == target.CredentialHash, cancellationToken).ConfigureAwait(false);
                if (opened.Session is not { } part)
                {
                    return UploadOutcome.Refused(new UploadRefusal(RefusalReason.PartUnusable, 400,
                        $"Upload-Concat names a partial upload that does not exist (any more) for these credentials ({opened.Refusal!.Status})."));
                }
                parts.Add(part);
                if (part.State.Length != part.StagedLength)
                {
                    return UploadOutcome.Refused(new UploadRefusal(RefusalReason.PartUnusable, 400,
                        "Upload-Concat names a partial upload that is not complete; finish it first (this server does not offer concatenation-unfinished)."));
                }
            }
            var lengths = parts.ToDictionary(p => p.State.Id, p => p.StagedLength, StringComparer.Ordinal);
            var total = command.PartIds.Sum(id => lengths[id]);
            var max = options.Value.MaxUploadSize;
            if (max > 0 && total > max)
            {
                return UploadOutcome.Refused(new UploadRefusal(RefusalReason.TooLarge, 413,
                    $"The parts add up to {total} bytes, more than the maximum upload size of {max} bytes."));
            }

            var state = records.New(command, total);
            // Replaces this credential's earlier upload at the document URL, as any creation does.
            await staging.DeleteAsync(state.Id, CancellationToken.None).ConfigureAwait(false);
            await store.SaveAsync(state, CancellationToken.None).ConfigureAwait(false);
            Log.FinalCreated(logger, state.Id, command.PartIds.Count, total);
            return await commit.CommitAsync(target, state).ConfigureAwait(false);
        }
        finally
        {
            foreach (var part in parts)
            {
                await part.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The body path shared by creation and append: stream the body onto the staged bytes, record
    /// the outcome once, and commit when the upload became complete. The session's staged length is
    /// the offset the body starts at.
    /// </summary>
    private async Task<UploadOutcome> TakeBodyAsync(UploadTarget target, UploadSession session, UploadBody? body,
        bool completeAtEndOfBody, Func<UploadState, ValueTask>? beforeBody, UploadOutcomeKind progressKind)
    {
        var state = session.State;
        var offset = session.StagedLength;
        if (beforeBody is not null)
        {
            await beforeBody(state).ConfigureAwait(false);
        }
        var max = options.Value.MaxUploadSize;
        var limit = state.Length ?? (max > 0 ? max : long.MaxValue);
        var streaming = body is { MayHaveBytes: true } ? await StreamingCommitForAsync(target, state, offset, body).ConfigureAwait(false) : null;
        StreamingCommit? parking = null;
        try
        {
            var result = body is null
                ? BodyIntakeResult.Empty(offset)
                : await intake.ReceiveAsync(body, state.Id, offset, limit - offset, session.Lease, streaming?.Follower).ConfigureAwait(false);
            var completes = result.IsWhole && result.NewLength == state.Length;
            if (streaming is not null && !completes)
            {
                // Bytes of a request that ended whole are the upload's for good: the PUT may go on
                // with the next request. Anything else must never reach the backend whole.
                if (result.IsWhole && openCommits.Enabled)
                {
                    parking = streaming;
                }
                else
                {
                    await UploadCommit.AbortStreamingAsync(streaming).ConfigureAwait(false);
                }
                streaming = null;
            }
            var outcome = await RecordBodyAsync(target, session, result, offset, completeAtEndOfBody, progressKind, streaming).ConfigureAwait(false);
            streaming = null;
            if (parking is not null)
            {
                var parked = parking;
                parking = null;
                await openCommits.ParkAsync(state.Id, parked, result.NewLength).ConfigureAwait(false);
            }
            return outcome;
        }
        finally
        {
            // Something failed before the commit was finished or handed on: the backend must not
            // get a whole body, and a PUT nobody holds must not stay open.
            if (streaming is not null)
            {
                await UploadCommit.AbortStreamingAsync(streaming).ConfigureAwait(false);
            }
            if (parking is not null)
            {
                await UploadCommit.AbortStreamingAsync(parking).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The backend PUT this body feeds, or null. A body that will complete the upload starts the PUT
    /// at once, reading behind the intake, so that the commit ends shortly after the last byte
    /// instead of taking a second pass. With <see cref="ResumableUploadOptions.CommitAheadIdleTimeout"/>
    /// set, so does any body of an upload of known length, or it continues the PUT an earlier
    /// request of the upload began (<see cref="OpenCommits"/>).
    /// </summary>
    private async ValueTask<StreamingCommit?> StreamingCommitForAsync(UploadTarget target, UploadState state, long offset, UploadBody body)
    {
        if (await openCommits.TakeAsync(state.Id, offset).ConfigureAwait(false) is { } open)
        {
            return open;
        }
        if (state.Length is not { } length)
        {
            return null;
        }
        var completes = body.DeclaredLength is { } declared && declared > 0 && offset + declared == length;
        return completes || openCommits.MayStartAhead(state.Id) ? commit.TryStartStreaming(target, state) : null;
    }

    /// <summary>Records a body's outcome once, and commits when the upload became complete (through
    /// the streaming commit already under way, when there is one).</summary>
    private async Task<UploadOutcome> RecordBodyAsync(UploadTarget target, UploadSession session, BodyIntakeResult result, long offset,
        bool completeAtEndOfBody, UploadOutcomeKind progressKind, StreamingCommit? streaming)
    {
        var state = session.State;
        var stopped = BodyIntake.RefusalFor(result);
        if (result.Append.Stop == AppendStop.LeaseLost)
        {
            // Another instance may hold the upload now: record nothing, its record is the truth.
            Log.BodyStopped(logger, state.Id, result.Append.Stop, result.Append.BytesWritten, result.NewLength);
            return UploadOutcome.Refused(stopped!, state);
        }
        session.StagedLength = result.NewLength;

        if (completeAtEndOfBody && result.IsWhole && state.Length is null)
        {
            state = state with { Length = result.NewLength };
        }
        (state, var save) = records.TouchedFor(state, session.Stored);
        if (save)
        {
            await store.SaveAsync(state, CancellationToken.None).ConfigureAwait(false);
            session.Stored = state;
        }
        session.State = state;

        if (stopped is not null)
        {
            Log.BodyStopped(logger, state.Id, result.Append.Stop, result.Append.BytesWritten, result.NewLength);
            if (result.Checksum is not (Integrity.ChecksumVerdict.NotRequested or Integrity.ChecksumVerdict.Matched))
            {
                Log.ChunkDiscarded(logger, state.Id, result.Checksum, offset);
            }
            return UploadOutcome.Refused(stopped with { Offset = ReportedOffset.Of(state, result.NewLength) }, state);
        }
        if (completeAtEndOfBody && state.Length != result.NewLength)
        {
            return UploadOutcome.Refused(new UploadRefusal(RefusalReason.LengthMismatch, 400,
                $"The request said it completes the upload, but the upload's length is {state.Length} and {result.NewLength} bytes are staged; the bytes were kept.")
            {
                Offset = ReportedOffset.Of(state, result.NewLength),
            }, state);
        }
        if (state.Kind == UploadKind.Document && state.Length is { } length && result.NewLength == length)
        {
            return streaming is not null
                ? await commit.FinishStreamingAsync(target, state, streaming).ConfigureAwait(false)
                : await commit.CommitAsync(target, state).ConfigureAwait(false);
        }
        return new UploadOutcome(progressKind) { State = state, Offset = ReportedOffset.Of(state, result.NewLength) };
    }
}
