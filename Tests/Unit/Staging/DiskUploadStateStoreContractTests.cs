using RsResumeProxy.Staging.State;
using RsResumeProxy.Tests.Infrastructure;

namespace RsResumeProxy.Tests.Staging;

/// <summary>The store contract on local disk, and what only a disk store can get wrong: temporary
/// files left behind, torn or foreign record files, a token written out.</summary>
public sealed class DiskUploadStateStoreContractTests : UploadStateStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rsrp-state-").FullName;

    private readonly ListLogger<DiskUploadStateStore> _log = new();

    private DiskUploadStateStore Store() => new(_directory, _log);

    protected override IUploadStateStore CreateStore() => Store();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task SavedRecord_SurvivesANewStoreInstance_AndNoTemporaryFileStays()
    {
        var state = NewState();
        await Store().SaveAsync(state, default);
        var loaded = await Store().GetAsync(state.Id, default);
        Assert.Equal(state, loaded);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public async Task TornRecord_IsReportedAndNotTrusted()
    {
        var state = NewState();
        var store = Store();
        await store.SaveAsync(state, default);
        var file = Path.Combine(_directory, state.Id + ".json");
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, bytes[..(bytes.Length / 2)]);

        Assert.Null(await store.GetAsync(state.Id, default));
        var rejected = Assert.Single(_log.Entries);
        Assert.Equal(1005, rejected.Id.Id);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, rejected.Level);
        Assert.True(File.Exists(file + ".rejected"));
    }

    [Fact]
    public async Task ForeignRecord_UnderAnotherUploadsName_IsNotTrusted()
    {
        var store = Store();
        var state = NewState();
        await store.SaveAsync(state, default);
        var otherId = UploadId.NewRandom();
        File.Copy(Path.Combine(_directory, state.Id + ".json"), Path.Combine(_directory, otherId + ".json"));
        Assert.Null(await store.GetAsync(otherId, default));
    }

    [Fact]
    public async Task Record_NeverContainsTheToken()
    {
        // Through the proxy, so the store gets what a real request gives it; then every byte the
        // proxy wrote (state records, the credential key, staged files) is searched.
        await using var backend = await RecordingBackend.StartAsync();
        await using var proxy = await ProxyServer.StartAsync(backend.Origin);
        var token = TokenTraces.NewToken();
        var credentialHash = await TokenTraces.LeavePendingUploadAsync(proxy, token);

        var written = TokenTraces.Files(proxy.DataDirectory).ToList();

        // The scan reads the records the upload left: they name its credential, by hash.
        Assert.Contains(written, file => file.Path.StartsWith(proxy.StateDirectory, StringComparison.Ordinal)
            && TokenTraces.Contains(file.Bytes, credentialHash));
        foreach (var (path, bytes) in written)
        {
            TokenTraces.AssertAbsent(token, bytes, path);
        }
    }
}
