using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsResumeProxy.Backend;
using RsResumeProxy.Configuration;
using RsResumeProxy.Hosting;
using RsResumeProxy.Operations;
using RsResumeProxy.Staging.Redis;
using RsResumeProxy.Tus;
using Yarp.ReverseProxy.Model;

namespace RsResumeProxy.Uploads;

/// <summary>
/// The step in YARP's proxy pipeline that takes over resumable uploads. Requests it does not own
/// continue down the pipeline to the backend untouched. The single place where unexpected
/// exceptions of a tus request become HTTP answers.
/// </summary>
public sealed class ResumableUploadMiddleware(
    UploadContextFactory contexts,
    CreationHandler creation,
    OffsetHandler offset,
    AppendHandler append,
    TerminationHandler termination,
    TusRequestGate gate,
    IOptions<ResumableUploadOptions> options,
    ILogger<ResumableUploadMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        var rawPath = UploadContextFactory.RawPath(context);
        var operation = TusRequestClassifier.Classify(
            request.Method,
            request.Headers[TusHeaders.MethodOverride],
            request.Headers.ContainsKey(TusHeaders.TusResumable),
            rawPath.StartsWith(options.Value.StoragePathPrefix, StringComparison.Ordinal));
        if (operation == TusOperation.PassThrough)
        {
            await next().ConfigureAwait(false);
            return;
        }

        if (request.Headers[TusHeaders.TusResumable].ToString() != TusHeaders.Version)
        {
            await TusAnswerWriter.WriteAsync(context, TusAnswer.Error(412, $"This server speaks tus {TusHeaders.Version}.")).ConfigureAwait(false);
            return;
        }
        if (options.Value.RequireAuthorization && !request.Headers.ContainsKey("Authorization"))
        {
            await TusAnswerWriter.WriteAsync(context, TusAnswer.Error(401, "Authorization is required for resumable uploads.")
                .With("WWW-Authenticate", "Bearer")).ConfigureAwait(false);
            return;
        }
        var backend = ResolveBackend(context);
        if (backend is null)
        {
            await TusAnswerWriter.WriteAsync(context, TusAnswer.Error(503, "No storage server is available.").With("Retry-After", "5")).ConfigureAwait(false);
            return;
        }

        if (!gate.TryEnter())
        {
            await TusAnswerWriter.WriteAsync(context, TusAnswer.Error(503, "Too many uploads are in progress right now; retry shortly.")
                .With("Retry-After", "2").Closing()).ConfigureAwait(false);
            return;
        }
        try
        {
            await HandleAsync(context, operation, backend, rawPath).ConfigureAwait(false);
        }
        finally
        {
            gate.Exit();
        }
    }

    private async Task HandleAsync(HttpContext context, TusOperation operation, BackendTarget backend, string rawPath)
    {
        var request = context.Request;
        var upload = contexts.Create(context, backend, rawPath);
        if (upload.IsPart && !Staging.State.UploadId.IsWellFormed(upload.UploadId))
        {
            await TusAnswerWriter.WriteAsync(context, UploadAccess.NotFound()).ConfigureAwait(false);
            return;
        }
        context.Items[RequestLogging.UploadIdItem] = upload.UploadId;
        using var activity = UploadActivities.StartOperation(operation.ToString(), upload.UploadId, request.ContentLength);
        TusAnswer answer;
        try
        {
            answer = operation switch
            {
                TusOperation.CreateByPut => await creation.HandleAsync(upload, byPut: true).ConfigureAwait(false),
                TusOperation.CreateByPost => await creation.HandleAsync(upload, byPut: false).ConfigureAwait(false),
                TusOperation.Head => await offset.HandleAsync(upload).ConfigureAwait(false),
                TusOperation.Patch => await append.HandleAsync(upload).ConfigureAwait(false),
                TusOperation.Delete => await termination.HandleAsync(upload).ConfigureAwait(false),
                _ => throw new InvalidOperationException($"Unhandled operation {operation}."),
            };
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // The client left; there is nobody to answer.
        }
        catch (Exception ex) when (RedisFailure.IsUnavailable(ex))
        {
            // Redis down, unreachable or too slow: a clear, retryable answer. Nothing staged is
            // touched (the staged file's length stays the offset) and the upload resumes once
            // Redis answers again. Pass-through traffic never reaches this step.
            Log.CoordinationUnavailable(logger, request.Method, upload.UploadId, ex.Message);
            answer = TusAnswer.Error(503, "Upload coordination (Redis) is unavailable; the bytes received are kept. Retry later.")
                .With("Retry-After", "5").Closing();
        }
        catch (Exception ex)
        {
            Log.Unexpected(logger, ex, request.Method, upload.UploadId);
            answer = TusAnswer.Error(500, "The proxy failed unexpectedly; the bytes it acknowledged are kept. Retry with HEAD.");
        }
        UploadActivities.Answered(activity, answer.Status, answer.Headers.FirstOrDefault(h => h.Key == TusHeaders.UploadOffset).Value);
        try
        {
            await TusAnswerWriter.WriteAsync(context, answer).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client left before its answer; the upload's state is already saved.
        }
    }

    /// <summary>The destination YARP chose for this route, with the cluster's HTTP client.</summary>
    private static BackendTarget? ResolveBackend(HttpContext context)
    {
        var feature = context.Features.Get<IReverseProxyFeature>();
        if (feature is null)
        {
            return null;
        }
        var destination = feature.AvailableDestinations.FirstOrDefault() ?? feature.AllDestinations.FirstOrDefault();
        var address = destination?.Model.Config.Address;
        return address is null ? null : new BackendTarget(address, feature.Cluster.HttpClient);
    }
}
