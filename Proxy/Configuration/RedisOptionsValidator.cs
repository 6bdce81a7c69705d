using Microsoft.Extensions.Options;

namespace RsResumeProxy.Configuration;

/// <summary>Refuses to start with Redis settings that cannot work, naming each problem.</summary>
public sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var problems = options.Validate().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => "Redis: " + p));
    }
}
