using RsResumeProxy.Uploads;

namespace RsResumeProxy.Tests.Uploads;

public sealed class StoragePathTests
{
    [Theory]
    [InlineData("/storage/alice/a.bin")]
    [InlineData("/storage/alice/photos/2024/a.jpg")]
    [InlineData("/storage/alice/public/a%20b.txt")]
    public void DocumentPaths_NameDocuments(string path) => Assert.True(StoragePath.NamesDocument(path, "/storage/"));

    [Theory]
    [InlineData("/storage/")]
    [InlineData("/storage/alice")]
    [InlineData("/storage/alice/")]
    [InlineData("/storage/alice/photos/")]
    [InlineData("/storage//a.bin")]
    [InlineData("/storage/alice//a.bin")]
    [InlineData("/other/alice/a.bin")]
    public void RootsFoldersAndEmptySegments_NameNoDocument(string path) => Assert.False(StoragePath.NamesDocument(path, "/storage/"));

    [Theory]
    [InlineData("/storage/alice/a.bin", true)]
    [InlineData("/storage/alice", false)]
    [InlineData("/storagex/alice/a.bin", false)]
    public void APrefixWithoutTrailingSlash_IsFollowedByOne(string path, bool expected) =>
        Assert.Equal(expected, StoragePath.NamesDocument(path, "/storage"));

    [Theory]
    [InlineData("/storage/alice/a.bin", "alice")]
    [InlineData("/storage/alice/photos/a.jpg", "alice")]
    [InlineData("/storage/alice", null)]
    [InlineData("/other/alice/a.bin", null)]
    public void UserOf_IsTheSegmentAfterThePrefix(string path, string? user) => Assert.Equal(user, StoragePath.UserOf(path, "/storage/"));
}
