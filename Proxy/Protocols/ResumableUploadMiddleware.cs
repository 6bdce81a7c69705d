using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Backend;
using RsResumeProxy.Configuration;
using RsResumeProxy.Hosting;
using RsResumeProxy.Operations;
using RsResumeProxy.Staging.Files;
using RsResumeProxy.Staging.Redis;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace RsResumeProxy.Protocols;

/// <summary>
/// The step in YARP's proxy pipeline that takes over resumable uploads, placed after session
/// affinity, load balancing and passive health checks: it commits to the destination YARP picked,
/// and a commit that fails in transport counts against that destination as a forwarded request
/// would. A request no protocol claims goes on down the pipeline to the backend untouched. The one
/// place where unexpected exceptions of an upload request become answers.
/// </summary>
internal sealed class ResumableUploadMiddleware(
    RequestDelegate next,
    IEnumerable<IUploadProtocol> protocols,
    UploadTargetResolver targets,
    RequestGate gate,
    IOptions<ResumableUploadOptions> options,
    ILogger<ResumableUploadMiddleware> logger)
{
    private readonly IUploadProtocol[] _protocols = protocols.ToArray();

    /// <summary>The storage prefix as a path segment ("/storage"), trimmed once rather than on
    /// every request that passes through.</summary>
    private readonly string _storageSegment = options.Value.StoragePathPrefix.TrimEnd('/');

    public Task InvokeAsync(HttpContext context)
    {
        // The fast path for everything that is not an upload: a prefix test and a header look-up.
        var protocol = Claim(context);
        return protocol is null ? next(context) : HandleAsync(context, protocol);
    }

    private IUploadProtocol? Claim(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(_storageSegment, StringComparison.Ordinal))
        {
            return null;
        }
        foreach (var protocol in _protocols)
        {
            if (protocol.Claims(context))
            {
                return protocol;
            }
        }
        return null;
    }

    private async Task HandleAsync(HttpContext context, IUploadProtocol protocol)
    {
        var rawPath = UploadTargetResolver.RawPath(context);
        if (!rawPath.StartsWith(options.Value.StoragePathPrefix, StringComparison.Ordinal))
        {
            // The decoded path is under the prefix but the raw one is not (an encoded slash): not ours.
            await next(context).ConfigureAwait(false);
            return;
        }
        if (protocol.Precheck(context) is { } early)
        {
            await protocol.WriteRefusalAsync(context, early).ConfigureAwait(false);
            return;
        }
        if (options.Value.RequireAuthorization && !context.Request.Headers.ContainsKey("Authorization"))
        {
            await protocol.WriteRefusalAsync(context, new UploadRefusal(RefusalReason.Unauthorized, 401, "Authorization is required for resumable uploads.")
            {
                Headers = [new("WWW-Authenticate", "Bearer")],
            }).ConfigureAwait(false);
            return;
        }
        var feature = context.Features.Get<IReverseProxyFeature>();
        if (ChosenDestination(feature) is not { } destination)
        {
            await protocol.WriteRefusalAsync(context, new UploadRefusal(RefusalReason.Unavailable, 503, "No storage server is available.") { RetryAfter = 5 })
                .ConfigureAwait(false);
            return;
        }
        if (!gate.TryEnter())
        {
            await protocol.WriteRefusalAsync(context, new UploadRefusal(RefusalReason.Unavailable, 503, "Too many uploads are in progress right now; retry shortly.")
            {
                RetryAfter = 2,
                CloseConnection = true,
            }).ConfigureAwait(false);
            return;
        }
        try
        {
            var target = targets.Resolve(context, new BackendTarget(destination.Model.Config.Address, feature!.Cluster.HttpClient), rawPath);
            context.Items[RequestLogging.UploadIdItem] = target.UploadId;
            if (target.IsPart && !UploadId.IsWellFormed(target.UploadId))
            {
                await protocol.WriteRefusalAsync(context, UploadRefusal.NotFound()).ConfigureAwait(false);
                return;
            }
            using var activity = UploadActivities.StartOperation(protocol.Operation(context), target.UploadId, context.Request.ContentLength);
            var outcome = await ExecuteAsync(context, protocol, target).ConfigureAwait(false);
            UploadActivities.Answered(activity, context.Response.StatusCode, outcome?.Kind is UploadOutcomeKind.Refused ? outcome.Refusal?.Offset : outcome?.Offset);
            if (outcome?.Commit is { } commit)
            {
                ReportToPassiveHealth(context, feature, destination, commit);
            }
        }
        finally
        {
            gate.Exit();
        }
    }

    private async Task<UploadOutcome?> ExecuteAsync(HttpContext context, IUploadProtocol protocol, UploadTarget target)
    {
        UploadRefusal refusal;
        try
        {
            return await protocol.HandleAsync(context, target).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            return null; // The client left; there is nobody to answer. Every acknowledged byte is saved.
        }
        catch (Exception ex) when (RedisFailure.IsUnavailable(ex))
        {
            // Redis down, unreachable or too slow: a clear, retryable answer. Nothing staged is
            // touched (the staged length stays the offset) and the upload resumes once Redis
            // answers again. Pass-through traffic never reaches this step.
            Log.CoordinationUnavailable(logger, context.Request.Method, target.UploadId, ex.Message);
            refusal = new UploadRefusal(RefusalReason.Unavailable, 503, "Upload coordination (Redis) is unavailable; the bytes received are kept. Retry later.")
            {
                RetryAfter = 5,
                CloseConnection = true,
            };
        }
        catch (StagingUnavailableException ex)
        {
            // Object storage down, unreachable or refusing: as for Redis, a retryable answer. The
            // store throws only before it changed anything or after its change is durable, so the
            // offset it reports once it answers again is the truth.
            Log.StagingUnavailable(logger, context.Request.Method, target.UploadId, ex.Message);
            refusal = new UploadRefusal(RefusalReason.Unavailable, 503, "The staging storage is unavailable; the bytes acknowledged are kept. Retry later.")
            {
                RetryAfter = 5,
                CloseConnection = true,
            };
        }
        catch (Exception ex)
        {
            Log.Unexpected(logger, ex, context.Request.Method, target.UploadId);
            refusal = new UploadRefusal(RefusalReason.Internal, 500, "The proxy failed unexpectedly; the bytes it acknowledged are kept. Retry with HEAD.");
        }
        try
        {
            await protocol.WriteRefusalAsync(context, refusal).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client left before its answer.
        }
        return null;
    }

    /// <summary>The destination YARP's load balancing left for this request (one, after
    /// UseLoadBalancing), or any when the pipeline has none.</summary>
    private static DestinationState? ChosenDestination(IReverseProxyFeature? feature) =>
        feature is null ? null : feature.AvailableDestinations.FirstOrDefault() ?? feature.AllDestinations.FirstOrDefault();

    /// <summary>A commit is a request proxied to the destination: passive health checks (which run
    /// after this step returns) count it, and a transport failure as a failure of that destination.</summary>
    private static void ReportToPassiveHealth(HttpContext context, IReverseProxyFeature feature, DestinationState destination, CommitResult commit)
    {
        feature.ProxiedDestination = destination;
        if (commit.TransportError is { } error)
        {
            context.Features.Set<IForwarderErrorFeature>(new CommitErrorFeature(error));
        }
    }

    private sealed class CommitErrorFeature(ForwarderError error) : IForwarderErrorFeature
    {
        public ForwarderError Error { get; } = error;

        public Exception? Exception => null;
    }
}
