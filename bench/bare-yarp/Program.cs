// YARP with the proxy's route and cluster (yarp.json) and nothing else: no request log, no
// upload step, no transforms of the proxy's own, no metrics. bench/small-get.mjs times it beside
// the proxy, so that what the proxy adds shows apart from what YARP itself costs.
//
//   dotnet bench/bare-yarp/bin/Release/net10.0/BareYarp.dll --urls http://127.0.0.1:PORT --Backend:Address http://127.0.0.1:RS
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.Configuration.AddJsonFile("yarp.json", optional: false, reloadOnChange: false);
builder.Configuration.AddCommandLine(args);
if (builder.Configuration["Backend:Address"] is { Length: > 0 } backend)
{
    // The same shortcut as the proxy's: the one destination of the "rs" cluster.
    builder.Configuration.AddInMemoryCollection([new("ReverseProxy:Clusters:rs:Destinations:rs:Address", backend)]);
}
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
var app = builder.Build();
app.MapReverseProxy();
app.Run();
