using Microsoft.Extensions.Options;
using RsResumeProxy.Backend;

namespace RsResumeProxy.Configuration;

/// <summary>Refuses to start with backend settings that cannot work, naming each problem.</summary>
public sealed class BackendOptionsValidator : IValidateOptions<BackendOptions>
{
    public ValidateOptionsResult Validate(string? name, BackendOptions options)
    {
        var problems = options.Validate().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => "Backend: " + p));
    }
}
