using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RsResumeProxy.Backend;

namespace RsResumeProxy.Configuration;

// Each options class states its rules as attributes ([Required], [SettingRange], [RegularExpression]) and
// IValidatableObject. These validators check them with code the options source generator writes at
// build time, where ValidateDataAnnotations would find them by reflection at start-up: reflection
// that trimming and native AOT (README, "A native build") cannot follow. The failure messages are
// the same.

[OptionsValidator]
internal sealed partial class ResumableUploadOptionsValidator : IValidateOptions<ResumableUploadOptions>;

[OptionsValidator]
internal sealed partial class RedisOptionsValidator : IValidateOptions<RedisOptions>;

[OptionsValidator]
internal sealed partial class OperationsOptionsValidator : IValidateOptions<OperationsOptions>;

[OptionsValidator]
internal sealed partial class ExamplesOptionsValidator : IValidateOptions<ExamplesOptions>;

[OptionsValidator]
internal sealed partial class S3StagingOptionsAttributeValidator : IValidateOptions<S3StagingOptions>;

[OptionsValidator]
internal sealed partial class BackendOptionsValidator : IValidateOptions<BackendOptions>;

internal static class AttributeValidation
{
    /// <summary>Checks the options' attributes and IValidatableObject with <typeparamref name="TValidator"/>,
    /// one of the generated validators above.</summary>
    public static OptionsBuilder<TOptions> ValidateAttributes<TOptions, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(
        this OptionsBuilder<TOptions> options)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        options.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return options;
    }
}
