using Microsoft.Extensions.Options;

namespace RsResumeProxy.Configuration;

/// <summary>Refuses to start with settings that cannot work, naming each problem.</summary>
public sealed class ResumableUploadOptionsValidator : IValidateOptions<ResumableUploadOptions>
{
    public ValidateOptionsResult Validate(string? name, ResumableUploadOptions options)
    {
        var problems = options.Validate().ToList();
        if (!string.IsNullOrEmpty(options.CredentialKey))
        {
            try
            {
                if (Convert.FromBase64String(options.CredentialKey).Length < 16)
                    problems.Add("CredentialKey must decode to at least 16 bytes.");
            }
            catch (FormatException)
            {
                problems.Add("CredentialKey must be Base64.");
            }
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => "ResumableUploads: " + p));
    }
}
