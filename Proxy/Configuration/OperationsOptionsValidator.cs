using Microsoft.Extensions.Options;

namespace RsResumeProxy.Configuration;

/// <summary>Refuses operations endpoints that would shadow RS documents or each other.</summary>
public sealed class OperationsOptionsValidator(IOptions<ResumableUploadOptions> uploads) : IValidateOptions<OperationsOptions>
{
    public ValidateOptionsResult Validate(string? name, OperationsOptions options)
    {
        var problems = options.Validate(uploads.Value.StoragePathPrefix).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => "Operations: " + p));
    }
}
