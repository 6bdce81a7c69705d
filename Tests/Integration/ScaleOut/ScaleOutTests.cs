using System.Net;
using System.Security.Cryptography;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.ScaleOut;

/// <summary>
/// Two proxy processes sharing a real Redis and one staging directory in front of a real
/// armadietto: any instance continues any upload, a newer request on one instance stops a stalled
/// one on the other, a killed instance's upload resumes on the survivor, and a Redis outage costs
/// a 503 and nothing else. Every document is compared byte for byte with what armadietto serves.
/// </summary>
[Trait(ProxyProcess.Trait, ProxyProcess.Separate)]
public sealed class ScaleOutTests : IAsyncLifetime
{
    private ScaleOutCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ScaleOutCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Upload_BegunOnOneInstance_IsFinishedOnTheOther()
    {
        var data = RandomNumberGenerator.GetBytes(3_000_000);
        var path = _cluster.Document("begun-on-a.bin");
        using var a = _cluster.Client(_cluster.A);
        using var b = _cluster.Client(_cluster.B);

        using var created = await a.CreateAsync(path, data.Length, data[..1_000_000]);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1_000_000, TusClient.Offset(created));

        using var head = await b.HeadAsync(path);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(1_000_000, TusClient.Offset(head));

        using var finished = await b.PatchAsync(path, 1_000_000, data[1_000_000..]);
        Assert.True(finished.IsSuccessStatusCode, $"{finished.StatusCode}\n{_cluster.Logs()}");
        Assert.Equal(data.Length, TusClient.Offset(finished));
        Assert.Equal(data, await _cluster.ReadFromArmadiettoAsync(path));
    }

    [Fact]
    public async Task AlternatingPatches_BetweenInstances_AssembleTheDocumentInOrder()
    {
        const int chunk = 256 * 1024;
        var data = RandomNumberGenerator.GetBytes(8 * chunk + 1234);
        var path = _cluster.Document("alternating.bin");
        using var a = _cluster.Client(_cluster.A);
        using var b = _cluster.Client(_cluster.B);
        using (var created = await a.CreateAsync(path, data.Length))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var offset = 0;
        var turn = 0;
        HttpResponseMessage? last = null;
        while (offset < data.Length)
        {
            var client = turn++ % 2 == 0 ? b : a;
            var end = Math.Min(offset + chunk, data.Length);
            last?.Dispose();
            last = await client.PatchAsync(path, offset, data[offset..end]);
            Assert.True(last.IsSuccessStatusCode, $"PATCH at {offset} on {client.Origin}: {last.StatusCode}\n{_cluster.Logs()}");
            Assert.Equal(end, TusClient.Offset(last));
            offset = end;
        }
        last!.Dispose();
        Assert.Equal(data, await _cluster.ReadFromArmadiettoAsync(path));
    }

    [Fact]
    public async Task KilledInstance_MidPatch_UploadResumesOnTheOther()
    {
        var data = RandomNumberGenerator.GetBytes(2_000_000);
        var path = _cluster.Document("killed.bin");
        using var a = _cluster.Client(_cluster.A);
        using var b = _cluster.Client(_cluster.B);
        using (var created = await a.CreateAsync(path, data.Length))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var stalling = new StallingContent(data[..700_000], data.Length);
        var patch = a.PatchAsync(path, 0, stalling);
        await WaitUntilAsync(() => _cluster.StagedLength() >= 700_000);

        _cluster.A.Kill(); // SIGKILL, mid-body, holding the upload's lock
        stalling.Release();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => patch.WaitAsync(TimeSpan.FromMinutes(2)));

        // B waits out the dead holder's lock (Redis:LockExpiry), then reports every byte A staged.
        using var head = await b.HeadAsync(path);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(700_000, TusClient.Offset(head));

        using var finished = await b.PatchAsync(path, 700_000, data[700_000..]);
        Assert.True(finished.IsSuccessStatusCode, $"{finished.StatusCode}\n{_cluster.Logs()}");
        Assert.Equal(data, await _cluster.ReadFromArmadiettoAsync(path));
    }

    [Fact]
    public async Task StalledPatch_OnOneInstance_IsStoppedByAHeadOnTheOther_AndKeepsItsBytes()
    {
        var data = RandomNumberGenerator.GetBytes(1_500_000);
        var path = _cluster.Document("stalled.bin");
        using var a = _cluster.Client(_cluster.A);
        using var b = _cluster.Client(_cluster.B);
        using (var created = await a.CreateAsync(path, data.Length))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var stalling = new StallingContent(data[..400_000], data.Length);
        var stalled = a.PatchAsync(path, 0, stalling);
        await WaitUntilAsync(() => _cluster.StagedLength() >= 400_000);

        // BodyIdleTimeout is a minute: only the stop message from B can end A's PATCH this soon.
        using var head = await b.HeadAsync(path);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(400_000, TusClient.Offset(head));
        // A answered 409 and closed; the client, still "sending", may see the answer or the close.
        stalling.Release();
        try
        {
            using var stopped = await stalled.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Equal(HttpStatusCode.Conflict, stopped.StatusCode);
        }
        catch (HttpRequestException)
        {
        }

        using var finished = await b.PatchAsync(path, 400_000, data[400_000..]);
        Assert.True(finished.IsSuccessStatusCode, $"{finished.StatusCode}\n{_cluster.Logs()}");
        Assert.Equal(data, await _cluster.ReadFromArmadiettoAsync(path));
    }

    [Fact]
    public async Task RedisOutage_MidUpload_Answers503WithRetryAfter_PassesTrafficThrough_AndResumesAfter()
    {
        var data = RandomNumberGenerator.GetBytes(2_000_000);
        var path = _cluster.Document("through-outage.bin");
        var plainPath = _cluster.Document("plain.txt");
        using var a = _cluster.Client(_cluster.A);
        using var b = _cluster.Client(_cluster.B);
        using (var created = await a.CreateAsync(path, data.Length, data[..1_000_000]))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        await PutDirectlyAsync(plainPath, "stored before the outage");

        await _cluster.Redis.StopAsync(saveSnapshot: true);

        using (var patch = await b.PatchAsync(path, 1_000_000, data[1_000_000..1_001_000]))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, patch.StatusCode);
            Assert.NotNull(patch.Headers.RetryAfter);
            Assert.Contains("Redis", await patch.Content.ReadAsStringAsync());
        }
        using (var head = await a.HeadAsync(path))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, head.StatusCode);
            Assert.NotNull(head.Headers.RetryAfter);
        }
        // Plain RS traffic does not need Redis.
        using (var plain = await a.GetAsync(plainPath))
        {
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
            Assert.Equal("stored before the outage", await plain.Content.ReadAsStringAsync());
        }
        Assert.Equal(1_000_000, _cluster.StagedLength());

        await _cluster.Redis.RestartAsync();

        var resumedOffset = await WaitForOffsetAsync(b, path);
        Assert.Equal(1_000_000, resumedOffset);
        using var finished = await b.PatchAsync(path, 1_000_000, data[1_000_000..]);
        Assert.True(finished.IsSuccessStatusCode, $"{finished.StatusCode}\n{_cluster.Logs()}");
        Assert.Equal(data, await _cluster.ReadFromArmadiettoAsync(path));
    }

    private async Task PutDirectlyAsync(string path, string text)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, _cluster.Armadietto.Origin + path) { Content = new StringContent(text) };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _cluster.Armadietto.Token);
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode);
    }

    /// <summary>HEAD until Redis is back (503 meanwhile), then the offset.</summary>
    private static async Task<long> WaitForOffsetAsync(TusClient client, string path)
    {
        long? offset = null;
        var back = await Poll.UntilAsync(async () =>
        {
            using var head = await client.HeadAsync(path);
            if (head.StatusCode == HttpStatusCode.OK)
            {
                offset = TusClient.Offset(head);
                return true;
            }
            Assert.Equal(HttpStatusCode.ServiceUnavailable, head.StatusCode);
            return false;
        }, TimeSpan.FromSeconds(60)); // a safety net, not a timing assertion
        Assert.True(back, "Redis did not come back");
        return offset!.Value;
    }

    private static async Task WaitUntilAsync(Func<bool> condition) =>
        Assert.True(await Poll.UntilAsync(condition, TimeSpan.FromSeconds(60)), "condition not reached"); // a safety net, not a timing assertion
}
