using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using RsResumeProxy.Backend;
using RsResumeProxy.InterimResponses;
using RsResumeProxy.Operations;
using RsResumeProxy.PassThrough;
using RsResumeProxy.Transport;
using Serilog;
using Serilog.Settings.Configuration;

namespace RsResumeProxy.Hosting;

/// <summary>Builds the proxy host; Program.cs runs it, tests start it on a loopback port.</summary>
internal static class ProxyApplication
{
    /// <summary>The route's cluster address in yarp.json; "Backend:Address" is a shortcut for it.</summary>
    private const string ClusterAddressKey = "ReverseProxy:Clusters:rs:Destinations:rs:Address";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // yarp.json holds the route and the cluster; environment variables and the command line
        // are added again after it so that they still win.
        builder.Configuration.AddJsonFile("yarp.json", optional: false, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        if (builder.Configuration["Backend:Address"] is { Length: > 0 } backend)
        {
            builder.Configuration.AddInMemoryCollection([new(ClusterAddressKey, backend)]);
        }
        builder.WebHost.ConfigureKestrel(HeaderFidelity.Apply);
        // Kestrel reads only its endpoints from the "Kestrel" section; the limits the README
        // documents (Kestrel:Limits:RequestHeadersTimeout, KeepAliveTimeout, ...) are bound here, or
        // they would silently stay at Kestrel's defaults.
        builder.WebHost.ConfigureKestrel((context, kestrel) => context.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits));
        configure?.Invoke(builder);

        // Sinks, formatters and enrichers named in the Serilog section are looked up in the Serilog
        // assemblies the proxy ships (LogSinkAssemblies), not by opening every *.dll in its directory
        // (which loaded System.Reflection.Metadata, about 1.5 MB resident) nor through deps.json,
        // which a native build (README, "A native build") does not have.
        // The host logs through its own logger, not the static Log.Logger (preserveStaticLogger):
        // otherwise each logger the host creates takes whatever Log.Logger is at that moment, which
        // with several proxies in one process (tests, an embedding host) is the one built last, and
        // disposing any host closed the static logger, whichever host's it was.
        builder.Services.AddSerilog((services, logger) => logger
            .QuietHostingDiagnostics(builder.Configuration)
            .ReadFrom.Configuration(builder.Configuration, new ConfigurationReaderOptions(LogSinkAssemblies.All))
            .ReadFrom.Services(services)
            .Enrich.FromLogContext(), preserveStaticLogger: true);

        // 104 Upload Resumption Supported needs a way to write a 1xx on Kestrel (InterimResponses/).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseInterimResponses()));
        builder.Services.AddReceiveBlockPool();
        builder.Services.AddResumableUploads(builder.Configuration);
        builder.Services.AddBrowserExample(builder.Configuration);
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms<PassThroughTransforms>()
            .AddBackend(builder.Configuration);
        builder.Services.LoadDataProtectionKeysOnFirstUse();

        var app = builder.Build();
        app.UseSerilogRequestLogging(options => RequestLogging.Configure(options, app.Services.GetRequiredService<Serilog.ILogger>()));
        app.UseBrowserExample();
        // Explicit, so that the example's files are looked up before the catch-all route matches.
        app.UseRouting();
        app.MapOperations();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
            pipeline.UseResumableUploads();
        });
        return app;
    }
}
