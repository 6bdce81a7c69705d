using RsResumeProxy.Uploads;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>AddUploadEngine: the protocol-neutral upload engine and what it is made of.</summary>
internal static class UploadsServiceCollectionExtensions
{
    public static IServiceCollection AddUploadEngine(this IServiceCollection services)
    {
        services.AddSingleton<UploadAccess>();
        services.AddSingleton<UploadRecords>();
        services.AddSingleton<BodyIntake>();
        services.AddSingleton<UploadCommit>();
        services.AddSingleton<RsResumeProxy.Uploads.Streaming.OpenCommits>();
        services.AddSingleton<CredentialQuota>();
        services.AddSingleton<WriteAccessGate>();
        services.AddSingleton<UploadEngine>();
        return services;
    }
}
