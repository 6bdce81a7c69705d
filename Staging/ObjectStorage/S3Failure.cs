using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace RsResumeProxy.Staging.ObjectStorage;

/// <summary>
/// What an exception from the S3 client means for the store: an object or multipart upload that is
/// not there (an answer, not a failure), a conditional write that lost to another writer, or object
/// storage that cannot be used right now (down, unreachable, too slow, refusing this instance).
/// Anything else is a bug and is left alone.
/// </summary>
internal static class S3Failure
{
    public static bool IsNotFound(Exception exception) =>
        exception is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound } s3
        && s3.ErrorCode is "NoSuchKey" or "NoSuchUpload" or "NotFound" or null or "";

    public static bool IsPreconditionFailed(Exception exception) =>
        exception is AmazonS3Exception { StatusCode: HttpStatusCode.PreconditionFailed };

    /// <param name="cancellationToken">The caller's token: a cancellation it asked for is not a failure of the storage.</param>
    public static bool IsUnavailable(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                // Every answer of the service that is not handled as NotFound or PreconditionFailed
                // (5xx, throttling, AccessDenied, NoSuchBucket): the store cannot do its work now.
                case AmazonServiceException:
                // Connection refused or reset, DNS, TLS, no credentials, the SDK's own timeout.
                case AmazonClientException:
                case HttpRequestException:
                case SocketException:
                case IOException:
                case TimeoutException:
                case OperationCanceledException:
                    return true;
            }
        }
        return false;
    }
}
