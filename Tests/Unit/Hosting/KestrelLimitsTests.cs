using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Hosting;

/// <summary>The Kestrel limits the README documents reach Kestrel (they are not bound by Kestrel itself).</summary>
public sealed class KestrelLimitsTests
{
    [Fact]
    public async Task KestrelLimitsFromConfiguration_ReachTheServer()
    {
        await using var proxy = BuiltProxy.Build(
            "--Kestrel:Limits:RequestHeadersTimeout=00:00:07",
            "--Kestrel:Limits:KeepAliveTimeout=00:00:42");

        var limits = proxy.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(TimeSpan.FromSeconds(7), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(42), limits.KeepAliveTimeout);
    }
}
