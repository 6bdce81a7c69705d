using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.PassThrough;

/// <summary>Requests without Tus-Resumable reach armadietto unchanged and come back unchanged.</summary>
[Collection(ProxiedCollection.Name)]
public sealed class PassThroughTests(ProxiedBackendFixture fixture) : ProxiedTest(fixture)
{
    [Fact]
    public async Task Put_WithPercentEncodedTilde_ReachesTheBackendWithTheClientsEncoding()
    {
        // armadietto answers 400 to a decoded '~', and stores %7E under its encoded name.
        var put = await Tus.PutAsync($"{Fixture.ProxiedRoot}/{Folder}/a%7Eb%2Bc.txt", "tilde"u8.ToArray(), configure: r => r.Headers.Remove("Tus-Resumable"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var direct = await Tus.GetAsync($"{Fixture.DirectRoot}/{Folder}/a%7Eb%2Bc.txt");
        Assert.Equal(200, direct.Status);
        Assert.Equal("tilde", Encoding.UTF8.GetString(direct.Body));
    }

    [Fact]
    public async Task Get_ReturnsTheBackendsStatusETagHeadersAndBodyUnchanged()
    {
        var body = RandomNumberGenerator.GetBytes(10_000);
        var put = Tus.Request(HttpMethod.Put, $"{Fixture.DirectRoot}/{Folder}/doc.bin", tus: false);
        put.Content = new ByteArrayContent(body);
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-thing");
        Assert.Equal(HttpStatusCode.Created, (await Tus.SendAsync(put)).StatusCode);

        var viaProxy = await Tus.GetAsync($"{Fixture.ProxiedRoot}/{Folder}/doc.bin");
        var direct = await Tus.GetAsync($"{Fixture.DirectRoot}/{Folder}/doc.bin");

        Assert.Equal(direct.Status, viaProxy.Status);
        Assert.Equal(direct.Body, viaProxy.Body);
        Assert.Equal(body, viaProxy.Body);
        Assert.Equal(direct.Response.Headers.ETag, viaProxy.Response.Headers.ETag);
        Assert.Equal("application/x-thing", viaProxy.Response.Content.Headers.ContentType?.MediaType);
        Assert.False(viaProxy.Response.Headers.Contains("Tus-Resumable"));
    }

    [Fact]
    public async Task Get_WithANonAsciiHeaderValue_GetsArmadiettosAnswer()
    {
        var put = Tus.Request(HttpMethod.Put, $"{Fixture.DirectRoot}/{Folder}/umlaut.txt", tus: false);
        put.Content = new ByteArrayContent("ü"u8.ToArray());
        Assert.Equal(HttpStatusCode.Created, (await Tus.SendAsync(put)).StatusCode);

        // X-Test: ü in UTF-8 (C3 BC), as a browser extension or a hand-written client may send it.
        var path = new Uri(Fixture.ProxiedRoot).AbsolutePath + $"/{Folder}/umlaut.txt";
        await using var connection = await RawHttpConnection.OpenAsync(Fixture.Proxy.Origin);
        await connection.WriteHeadAsync("GET", path, [("Authorization", "Bearer " + Fixture.Backend.Token), ("X-Test", "\u00C3\u00BC")]);
        var answer = await connection.ReadResponseAsync();

        Assert.Equal(200, answer.Status);
        Assert.Equal("ü", answer.Body);
    }

    [Fact]
    public async Task ConditionalHeaders_ReachTheBackend()
    {
        var url = $"{Fixture.ProxiedRoot}/{Folder}/cond.txt";
        HttpRequestMessage Put(string body, Action<HttpRequestMessage> conditions)
        {
            var request = Tus.Request(HttpMethod.Put, url, tus: false);
            request.Content = new StringContent(body);
            conditions(request);
            return request;
        }

        var created = await Tus.SendAsync(Put("one", r => r.Headers.TryAddWithoutValidation("If-None-Match", "*")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var again = await Tus.SendAsync(Put("two", r => r.Headers.TryAddWithoutValidation("If-None-Match", "*")));
        Assert.Equal(HttpStatusCode.PreconditionFailed, again.StatusCode);
        var wrongMatch = await Tus.SendAsync(Put("two", r => r.Headers.TryAddWithoutValidation("If-Match", "\"nope\"")));
        Assert.Equal(HttpStatusCode.PreconditionFailed, wrongMatch.StatusCode);
        var rightMatch = await Tus.SendAsync(Put("two", r => r.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.ToString())));
        Assert.Equal(HttpStatusCode.OK, rightMatch.StatusCode);

        var get = Tus.Request(HttpMethod.Get, url, tus: false);
        get.Headers.TryAddWithoutValidation("If-None-Match", rightMatch.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await Tus.SendAsync(get)).StatusCode);
    }

    [Fact]
    public async Task QueryString_ReachesTheBackend()
    {
        await Tus.PutAsync($"{Fixture.ProxiedRoot}/{Folder}/q.txt", "query"u8.ToArray(), configure: r => r.Headers.Remove("Tus-Resumable"));
        using var anonymous = new HttpClient();
        var token = Uri.EscapeDataString(Tus.Token);
        var withToken = await anonymous.GetAsync($"{Fixture.ProxiedRoot}/{Folder}/q.txt?access_token={token}");
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        var without = await anonymous.GetAsync($"{Fixture.ProxiedRoot}/{Folder}/q.txt");
        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode); // armadietto's answer for a missing token
    }

    [Fact]
    public async Task Cors_FromTheBackend_ComesBackOnce()
    {
        var get = Tus.Request(HttpMethod.Get, $"{Fixture.ProxiedRoot}/{Folder}/", tus: false);
        get.Headers.TryAddWithoutValidation("Origin", "http://app.example");
        var response = await Tus.SendAsync(get);
        Assert.Equal("http://app.example", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task WebFinger_ThroughTheProxy_PointsAtTheProxy()
    {
        using var client = new HttpClient();
        var json = await client.GetStringAsync($"{Fixture.Proxy.Origin}/.well-known/webfinger?resource=acct:{Fixture.Backend.User}@127.0.0.1");
        Assert.Contains($"\"{Fixture.ProxiedRoot}\"", json);
        Assert.DoesNotContain($"127.0.0.1:{Fixture.Backend.Port}", json);
    }

    [Fact]
    public async Task SignupAndOAuthPages_WorkThroughTheProxy()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var signup = await client.GetAsync($"{Fixture.Proxy.Origin}/signup");
        Assert.Equal(HttpStatusCode.OK, signup.StatusCode);
        Assert.Contains("<form", await signup.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // The OAuth form post, as a browser sends it, grants a token that works through the proxy.
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = Fixture.Backend.User, ["password"] = Fixture.Backend.Password,
            ["client_id"] = "http://127.0.0.1", ["redirect_uri"] = "http://127.0.0.1/cb",
            ["response_type"] = "token", ["scope"] = "*:rw", ["allow"] = "Allow",
        });
        var oauth = await client.PostAsync($"{Fixture.Proxy.Origin}/oauth", form);
        Assert.Equal(HttpStatusCode.Found, oauth.StatusCode);
        var fragment = oauth.Headers.Location!.Fragment.TrimStart('#');
        var token = Uri.UnescapeDataString(fragment.Split('&').First(p => p.StartsWith("access_token=", StringComparison.Ordinal))["access_token=".Length..]);
        using var withToken = new TusHttp(token);
        Assert.Equal(200, (await withToken.GetAsync($"{Fixture.ProxiedRoot}/")).Status);
    }

    [Fact]
    public async Task LargeBodies_StreamThroughBothWays()
    {
        // Larger than Kestrel's 30 MB default request limit: pass-through must not impose it.
        var body = RandomNumberGenerator.GetBytes(40 * 1024 * 1024);
        var put = await Tus.PutAsync($"{Fixture.ProxiedRoot}/{Folder}/large.bin", body, configure: r => r.Headers.Remove("Tus-Resumable"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var get = await Tus.GetAsync($"{Fixture.ProxiedRoot}/{Folder}/large.bin");
        Assert.Equal(SHA256.HashData(body), SHA256.HashData(get.Body));
    }
}
