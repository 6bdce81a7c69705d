using RsResumeProxy.Uploads.Rules;

namespace RsResumeProxy.Tests.Uploads.Rules;

public sealed class CreationAddressesADocumentTests
{
    [Theory]
    [InlineData("/storage/alice/a.bin")]
    [InlineData("/storage/alice/photos/2024/a.jpg")]
    [InlineData("/storage/alice/public/a%20b.txt")]
    public void DocumentPaths_NameDocuments(string path) => Assert.True(CreationAddressesADocument.NamesDocument(path, "/storage/"));

    [Theory]
    [InlineData("/storage/")]
    [InlineData("/storage/alice")]
    [InlineData("/storage/alice/")]
    [InlineData("/storage/alice/photos/")]
    [InlineData("/storage//a.bin")]
    [InlineData("/storage/alice//a.bin")]
    [InlineData("/other/alice/a.bin")]
    public void RootsFoldersAndEmptySegments_NameNoDocument(string path) => Assert.False(CreationAddressesADocument.NamesDocument(path, "/storage/"));

    [Theory]
    [InlineData("/storage/alice/a.bin", true)]
    [InlineData("/storage/alice", false)]
    [InlineData("/storagex/alice/a.bin", false)]
    public void APrefixWithoutTrailingSlash_IsFollowedByOne(string path, bool expected) =>
        Assert.Equal(expected, CreationAddressesADocument.NamesDocument(path, "/storage"));
}
