using Microsoft.Extensions.Options;

namespace RsResumeProxy.Configuration;

/// <summary>The one rule of the S3Staging section that needs another section: an upload of
/// ResumableUploads:MaxUploadSize must fit in the 10,000 parts S3 allows. Every other rule is an
/// attribute or IValidatableObject on <see cref="S3StagingOptions"/>.</summary>
internal sealed class S3StagingOptionsValidator(IOptions<ResumableUploadOptions> uploads) : IValidateOptions<S3StagingOptions>
{
    public ValidateOptionsResult Validate(string? name, S3StagingOptions options) =>
        options.UploadSizeProblem(uploads.Value.MaxUploadSize) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
