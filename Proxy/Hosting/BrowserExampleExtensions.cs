using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using RsResumeProxy.Configuration;

namespace RsResumeProxy.Hosting;

/// <summary>
/// Serves the browser example (examples/browser) as static files when Examples:BrowserPath is set.
/// Must run before routing: the YARP route matches every path, and the static-file middleware
/// steps aside for any request that already has an endpoint. Requests for files that do not exist
/// fall through to YARP, so nothing of the backend is shadowed except the example's own files.
/// </summary>
internal static class BrowserExampleExtensions
{
    public static IServiceCollection AddBrowserExample(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExamplesOptions>().Bind(configuration.GetSection(ExamplesOptions.Section))
            .ValidateAttributes<ExamplesOptions, ExamplesOptionsValidator>().ValidateOnStart();
        return services;
    }

    public static IApplicationBuilder UseBrowserExample(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<ExamplesOptions>>().Value;
        if (!options.BrowserEnabled)
        {
            return app;
        }
        return UseStaticFiles(app, options);
    }

    /// <summary>Apart, and never inlined, so that the static-file middleware's assembly is loaded only when the example is served.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IApplicationBuilder UseStaticFiles(IApplicationBuilder app, ExamplesOptions options)
    {
        var contentRoot = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        var directory = Path.GetFullPath(options.BrowserDirectory, contentRoot);
        if (!File.Exists(Path.Combine(directory, "index.html")))
        {
            throw new OptionsValidationException(ExamplesOptions.Section, typeof(ExamplesOptions),
                [$"Examples: BrowserDirectory {directory} holds no index.html."]);
        }
        var files = new PhysicalFileProvider(directory);
        var path = options.BrowserPath.TrimEnd('/');
        // "/example" redirects to "/example/", which serves index.html.
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = path });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = path });
        return app;
    }
}
