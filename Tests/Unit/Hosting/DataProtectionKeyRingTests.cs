using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RsResumeProxy.Hosting;

namespace RsResumeProxy.Tests.Hosting;

/// <summary>Data protection (registered by YARP for session affinity) stays available, but its key ring is not loaded at start-up.</summary>
public sealed class DataProtectionKeyRingTests
{
    [Fact]
    public async Task TheProxy_StartsNoKeyRingLoader_AndStillOffersDataProtection()
    {
        var state = Directory.CreateTempSubdirectory("rsrp-dp-").FullName;
        try
        {
            await using var app = ProxyApplication.Build([
                "--urls=http://127.0.0.1:0",
                $"--ResumableUploads:StagingDirectory={Path.Combine(state, "staging")}",
                $"--ResumableUploads:StateDirectory={Path.Combine(state, "state")}",
            ]);

            var hosted = app.Services.GetServices<IHostedService>().Select(s => s.GetType().FullName).ToList();

            Assert.Contains(typeof(ExpirySweeper).FullName, hosted);
            Assert.DoesNotContain(hosted, name => name!.StartsWith("Microsoft.AspNetCore.DataProtection.", StringComparison.Ordinal));
            Assert.NotNull(app.Services.GetService<IDataProtectionProvider>());
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
