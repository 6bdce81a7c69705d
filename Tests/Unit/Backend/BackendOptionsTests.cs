using RsResumeProxy.Configuration;
using System.Net.Http;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RsResumeProxy.Backend;
using RsResumeProxy.Tests.Infrastructure;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace RsResumeProxy.Tests.Backend;

public sealed class BackendOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(new BackendOptionsValidator().Validate(null, new BackendOptions()).Succeeded);
    }

    [Theory]
    [InlineData(nameof(BackendOptions.ConnectTimeout))]
    [InlineData(nameof(BackendOptions.PooledConnectionIdleTimeout))]
    public void ANonPositiveTimeout_IsRefusedWithItsName(string setting)
    {
        var options = new BackendOptions();
        typeof(BackendOptions).GetProperty(setting)!.SetValue(options, TimeSpan.Zero);
        var result = new BackendOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("Backend:" + setting, result.FailureMessage);
    }

    [Fact]
    public async Task ABadSetting_StopsTheProxyAtStartUp()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            ProxyServer.StartAsync("http://127.0.0.1:9", "Backend:ConnectTimeout=-00:00:01"));
        Assert.Contains("Backend:ConnectTimeout", error.Message);
    }

    [Fact]
    public async Task TheClusterClient_CarriesTheBackendSettings()
    {
        await using var proxy = await ProxyServer.StartAsync("http://127.0.0.1:9",
            "Backend:ConnectTimeout=00:00:03", "Backend:PooledConnectionIdleTimeout=00:00:01.500");
        var factory = proxy.Services.GetRequiredService<IForwarderHttpClientFactory>();
        using var client = factory.CreateClient(new ForwarderHttpClientContext { ClusterId = "rs", NewConfig = HttpClientConfig.Empty });

        var handler = SocketsHandlerOf(client);
        Assert.Equal(TimeSpan.FromSeconds(3), handler.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1.5), handler.PooledConnectionIdleTimeout);
    }

    /// <summary>HttpMessageInvoker keeps its handler private; YARP may wrap it in delegating handlers.</summary>
    private static SocketsHttpHandler SocketsHandlerOf(HttpMessageInvoker client)
    {
        var handler = (HttpMessageHandler?)typeof(HttpMessageInvoker)
            .GetField("_handler", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(client);
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler;
        }
        return Assert.IsType<SocketsHttpHandler>(handler);
    }
}
