using Microsoft.Extensions.Options;

namespace RsResumeProxy.Configuration;

/// <summary>Refuses to start with an example path that would take requests from the backend.</summary>
public sealed class ExamplesOptionsValidator(IOptions<ResumableUploadOptions> uploads) : IValidateOptions<ExamplesOptions>
{
    public ValidateOptionsResult Validate(string? name, ExamplesOptions options)
    {
        var problems = options.Validate(uploads.Value.StoragePathPrefix).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => "Examples: " + p));
    }
}
