using Microsoft.Extensions.Configuration;

namespace RsResumeProxy.Operations;

/// <summary>
/// `RsResumeProxy --health-check`: asks the running proxy's liveness endpoint and exits 0 when it
/// answers 200, 1 otherwise. The container's HEALTHCHECK runs this because the ASP.NET runtime
/// image carries neither curl nor wget. It reads the same settings as the proxy (appsettings.json,
/// environment, command line) to find the port and the path.
/// </summary>
public static class HealthCheckCommand
{
    public const string Switch = "--health-check";

    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a != Switch).ToArray())
            .Build();
        var origin = LocalOrigin(configuration);
        var path = configuration["Operations:HealthPath"] ?? "/healthz";
        if (path.Length == 0)
        {
            Console.Error.WriteLine("Operations:HealthPath is empty (liveness endpoint turned off); nothing to check.");
            return 1;
        }
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await client.GetAsync(origin + path).ConfigureAwait(false);
            Console.WriteLine($"{origin}{path}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"{origin}{path}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The first configured URL with a wildcard host replaced by loopback.</summary>
    internal static string LocalOrigin(IConfiguration configuration)
    {
        var urls = configuration["Urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            var port = (configuration["HTTP_PORTS"] ?? "8080").Split(';', ',')[0].Trim();
            return $"http://127.0.0.1:{port}";
        }
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var schemeEnd = first.IndexOf("://", StringComparison.Ordinal);
        var scheme = first[..schemeEnd];
        var rest = first[(schemeEnd + 3)..].TrimEnd('/');
        var portStart = rest.LastIndexOf(':');
        var host = portStart > 0 ? rest[..portStart] : rest;
        var portPart = portStart > 0 ? rest[portStart..] : string.Empty;
        if (host is "+" or "*" or "0.0.0.0" or "[::]" or "")
        {
            host = "127.0.0.1";
        }
        return $"{scheme}://{host}{portPart}";
    }
}
