using RsResumeProxy.Hosting;

// RsResumeProxy: resumable (tus) uploads in front of an unmodified remoteStorage server.
// Settings: yarp.json (route, backend cluster), appsettings.json, environment, command line.
var app = ProxyApplication.Build(args);
app.Run();
