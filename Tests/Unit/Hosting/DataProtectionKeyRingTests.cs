using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RsResumeProxy.Hosting;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Hosting;

/// <summary>Data protection (registered by YARP for session affinity) stays available, but its key ring is not loaded at start-up.</summary>
public sealed class DataProtectionKeyRingTests
{
    [Fact]
    public async Task TheProxy_StartsNoKeyRingLoader_AndStillOffersDataProtection()
    {
        await using var proxy = BuiltProxy.Build();

        var hosted = proxy.Services.GetServices<IHostedService>().Select(s => s.GetType().FullName).ToList();

        Assert.Contains(typeof(ExpirySweeper).FullName, hosted);
        Assert.DoesNotContain(hosted, name => name!.StartsWith("Microsoft.AspNetCore.DataProtection.", StringComparison.Ordinal));
        Assert.NotNull(proxy.Services.GetService<IDataProtectionProvider>());
    }
}
