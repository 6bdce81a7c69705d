using RsResumeProxy.Hosting;
using RsResumeProxy.Operations;

// RsResumeProxy: resumable (tus) uploads in front of an unmodified remoteStorage server.
// Settings: yarp.json (route, backend cluster), appsettings.json, environment, command line.
if (args.Contains(HealthCheckCommand.Switch))
{
    // The container's HEALTHCHECK: ask the running proxy, do not start another one.
    return await HealthCheckCommand.RunAsync(args);
}
var app = ProxyApplication.Build(args);
app.Run();
return 0;
