using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RsResumeProxy.Hosting;

namespace RsResumeProxy.Tests.Hosting;

/// <summary>The Kestrel limits the README documents reach Kestrel (they are not bound by Kestrel itself).</summary>
public sealed class KestrelLimitsTests
{
    [Fact]
    public async Task KestrelLimitsFromConfiguration_ReachTheServer()
    {
        var state = Directory.CreateTempSubdirectory("rsrp-limits-").FullName;
        await using var app = ProxyApplication.Build([
            "--urls=http://127.0.0.1:0",
            $"--ResumableUploads:StagingDirectory={Path.Combine(state, "staging")}",
            $"--ResumableUploads:StateDirectory={Path.Combine(state, "state")}",
            "--Kestrel:Limits:RequestHeadersTimeout=00:00:07",
            "--Kestrel:Limits:KeepAliveTimeout=00:00:42",
        ]);

        var limits = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(TimeSpan.FromSeconds(7), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(42), limits.KeepAliveTimeout);
    }
}
