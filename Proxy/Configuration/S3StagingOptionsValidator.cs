using Microsoft.Extensions.Options;

namespace RsResumeProxy.Configuration;

/// <summary>Refuses to start with object-storage settings that cannot work, naming each problem.</summary>
public sealed class S3StagingOptionsValidator(IOptions<ResumableUploadOptions> uploads) : IValidateOptions<S3StagingOptions>
{
    public ValidateOptionsResult Validate(string? name, S3StagingOptions options)
    {
        var problems = options.Validate(uploads.Value.MaxUploadSize).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => "S3Staging: " + p));
    }
}
