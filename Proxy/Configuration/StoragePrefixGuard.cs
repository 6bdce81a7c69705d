using Microsoft.Extensions.Options;

namespace RsResumeProxy.Configuration;

/// <summary>
/// The one rule that spans sections: nothing the proxy answers itself (operations endpoints, the
/// browser example) may lie under ResumableUploads:StoragePathPrefix, where it would shadow RS
/// documents. Every other rule is an attribute or IValidatableObject on its options class.
/// </summary>
internal sealed class StoragePrefixGuard(IOptions<ResumableUploadOptions> uploads)
    : IValidateOptions<OperationsOptions>, IValidateOptions<ExamplesOptions>
{
    public ValidateOptionsResult Validate(string? name, OperationsOptions options) =>
        Result(options.ShadowedPaths(uploads.Value.StoragePathPrefix).ToList());

    public ValidateOptionsResult Validate(string? name, ExamplesOptions options) =>
        Result(options.Overlaps(uploads.Value.StoragePathPrefix)
            ? [$"Examples:BrowserPath must not overlap the storage prefix {uploads.Value.StoragePathPrefix}."]
            : []);

    private static ValidateOptionsResult Result(List<string> problems) =>
        problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
}
