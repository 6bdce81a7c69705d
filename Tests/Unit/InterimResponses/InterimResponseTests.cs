using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RsResumeProxy.InterimResponses;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.InterimResponses;

/// <summary>
/// The 1xx mechanism on real loopback Kestrel, read byte by byte from a raw socket (HttpClient
/// hides interim responses). The endpoint sends a 104 before it reads the body, as the upload
/// creation does, and reports in its final answer whether the 104 was sent and how many body bytes
/// it read afterwards.
/// </summary>
public sealed class InterimResponseTests : IAsyncLifetime
{
    private static readonly KeyValuePair<string, string>[] InterimHeaders =
    [
        new("Location", "/storage/u/doc.bin"),
        new("Upload-Draft-Interop-Version", "9"),
        new("Upload-Limit", "max-size=1000, min-size=0"),
    ];

    private WebApplication? _app;
    private WebApplication? _plainApp;
    private string _origin = "";
    private string _plainOrigin = "";

    public async Task InitializeAsync()
    {
        (_app, _origin) = await StartAsync(withInterimResponses: true);
        (_plainApp, _plainOrigin) = await StartAsync(withInterimResponses: false);
    }

    public async Task DisposeAsync()
    {
        foreach (var app in new[] { _app, _plainApp })
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Http11_The104ArrivesBeforeTheBodyIsSent_ThenTheFinalAnswer()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_origin);
        await connection.WriteHeadAsync("PUT", "/interim", ("Content-Length", "5"));

        var interim = await connection.ReadResponseAsync();
        Assert.Equal(104, interim.Status);
        Assert.Equal("/storage/u/doc.bin", interim.Header("Location"));
        Assert.Equal("9", interim.Header("Upload-Draft-Interop-Version"));
        Assert.Equal("max-size=1000, min-size=0", interim.Header("Upload-Limit"));

        await connection.WriteAsync("hello"u8.ToArray());
        var final = await connection.ReadResponseAsync();
        Assert.Equal(201, final.Status);
        Assert.Equal("sent=True;bytes=5", final.Body);
    }

    [Fact]
    public async Task ExpectContinue_The104ComesFirst_AndThe100StillFollowsOnTheFirstRead()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_origin);
        await connection.WriteHeadAsync("PUT", "/interim", ("Content-Length", "5"), ("Expect", "100-continue"));

        Assert.Equal(104, (await connection.ReadResponseAsync()).Status);
        Assert.Equal(100, (await connection.ReadResponseAsync()).Status);
        await connection.WriteAsync("hello"u8.ToArray());
        var final = await connection.ReadResponseAsync();
        Assert.Equal(201, final.Status);
        Assert.Equal("sent=True;bytes=5", final.Body);
    }

    [Fact]
    public async Task KeepAlive_EveryRequestOnTheConnectionGetsItsOwn104()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_origin);
        for (var i = 0; i < 3; i++)
        {
            await connection.WriteHeadAsync("PUT", "/interim", ("Content-Length", "2"));
            Assert.Equal(104, (await connection.ReadResponseAsync()).Status);
            await connection.WriteAsync("ab"u8.ToArray());
            Assert.Equal("sent=True;bytes=2", (await connection.ReadResponseAsync()).Body);
        }
    }

    [Fact]
    public async Task Http10_GetsNo104()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_origin);
        await connection.WriteAsync(Encoding.ASCII.GetBytes("PUT /interim HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello"));
        var first = await connection.ReadResponseAsync();
        Assert.Equal(201, first.Status);
        Assert.Equal("sent=False;bytes=5", first.Body);
    }

    [Fact]
    public async Task AfterTheResponseStarted_No104IsWritten()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_origin);
        await connection.WriteHeadAsync("GET", "/late");
        var first = await connection.ReadResponseAsync();
        Assert.Equal(200, first.Status);
        Assert.Equal("sent=False", first.Body);
    }

    [Fact]
    public async Task WithoutTheConnectionMiddleware_No104IsWritten()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_plainOrigin);
        await connection.WriteHeadAsync("PUT", "/interim", ("Content-Length", "5"));
        await connection.WriteAsync("hello"u8.ToArray());
        var first = await connection.ReadResponseAsync();
        Assert.Equal(201, first.Status);
        Assert.Equal("sent=False;bytes=5", first.Body);
    }

    [Fact]
    public async Task AHeaderThatWouldBreakTheFraming_IsRefused()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_origin);
        await connection.WriteHeadAsync("GET", "/injection");
        var first = await connection.ReadResponseAsync();
        Assert.Equal(200, first.Status);
        Assert.Equal("refused", first.Body);
    }

    private static async Task<(WebApplication App, string Origin)> StartAsync(bool withInterimResponses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (withInterimResponses)
            {
                listen.UseInterimResponses();
            }
        }));
        var app = builder.Build();
        app.MapPut("/interim", async (HttpContext context) =>
        {
            var sent = await InterimResponse.TrySendAsync(context, 104, "Upload Resumption Supported", InterimHeaders);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            await AnswerAsync(context, 201, $"sent={sent};bytes={body.Length}");
        });
        app.MapGet("/late", async (HttpContext context) =>
        {
            context.Response.ContentLength = "sent=False".Length;
            await context.Response.StartAsync();
            var sent = await InterimResponse.TrySendAsync(context, 104, "Upload Resumption Supported", InterimHeaders);
            await context.Response.WriteAsync($"sent={sent}");
        });
        app.MapGet("/injection", async (HttpContext context) =>
        {
            try
            {
                await InterimResponse.TrySendAsync(context, 104, "Upload Resumption Supported", [new("Location", "/a\r\nX-Evil: 1")]);
                await AnswerAsync(context, 200, "sent");
            }
            catch (ArgumentException)
            {
                await AnswerAsync(context, 200, "refused");
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, address.TrimEnd('/'));
    }

    /// <summary>With Content-Length, which is what the raw reader understands.</summary>
    private static Task AnswerAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentLength = Encoding.ASCII.GetByteCount(text);
        return context.Response.WriteAsync(text);
    }
}
