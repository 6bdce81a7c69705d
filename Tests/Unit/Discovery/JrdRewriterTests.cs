using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RsResumeProxy.Discovery;

namespace RsResumeProxy.Tests.Discovery;

public class JrdRewriterTests
{
    private const string Property = WebFingerTransform.ResumableUploadProperty;
    private const string RsRel = "http://tools.ietf.org/id/draft-dejong-remotestorage";

    /// <summary>armadietto 0.6.6's answer, byte for byte (pretty-printed, boolean property).</summary>
    private const string Armadietto = """
        {
          "subject": "acct:rstest@127.0.0.1",
          "links": [
            {
              "href": "http://127.0.0.1:18765/storage/rstest",
              "rel": "http://tools.ietf.org/id/draft-dejong-remotestorage",
              "type": "draft-dejong-remotestorage-10",
              "properties": {
                "http://remotestorage.io/spec/version": "draft-dejong-remotestorage-10",
                "http://tools.ietf.org/html/rfc6750#section-2.3": true,
                "http://tools.ietf.org/html/rfc6749#section-4.2": "http://127.0.0.1:18765/oauth/rstest"
              }
            }
          ]
        }
        """;

    private static JrdRewriteOutcome Rewrite(string json) =>
        JrdRewriter.AddLinkProperty(Encoding.UTF8.GetBytes(json), WebFingerTransform.RemoteStorageRels, Property, "1.0.0");

    private static JsonObject Parse(byte[] document) => JsonNode.Parse(document)!.AsObject();

    [Fact]
    public void RemoteStorageLink_GainsTheProperty_AndKeepsEveryOtherMember()
    {
        var outcome = Rewrite(Armadietto);

        Assert.Equal(JrdRewriteKind.Rewritten, outcome.Kind);
        var rewritten = Parse(outcome.Document!);
        var original = Parse(Encoding.UTF8.GetBytes(Armadietto));
        var properties = rewritten["links"]![0]!["properties"]!.AsObject();
        Assert.Equal("1.0.0", properties[Property]!.GetValue<string>());
        properties.Remove(Property);
        Assert.True(JsonNode.DeepEquals(original, rewritten));
    }

    [Fact]
    public void Rewrite_OnlyInsertsBytes_NothingElseOfTheDocumentChanges()
    {
        var outcome = Rewrite(Armadietto);

        var inserted = $",\"{Property}\":\"1.0.0\"";
        Assert.Equal(Armadietto.Replace("/oauth/rstest\"", "/oauth/rstest\"" + inserted), Encoding.UTF8.GetString(outcome.Document!));
    }

    [Fact]
    public void EscapesAndNumbers_StayAsTheBackendWroteThem()
    {
        // A re-serialising rewrite would turn \/ into / and 1.50 into 1.5.
        const string json = """{"links":[{"rel":"http:\/\/tools.ietf.org\/id\/draft-dejong-remotestorage","x":1.50,"properties":{"a":"caf\u00e9"}}]}""";

        var outcome = Rewrite(json);

        Assert.Equal(JrdRewriteKind.Rewritten, outcome.Kind);
        Assert.Equal(json.Replace("\"caf\\u00e9\"}", $"\"caf\\u00e9\",\"{Property}\":\"1.0.0\"}}"), Encoding.UTF8.GetString(outcome.Document!));
    }

    [Fact]
    public void LegacyRemotestorageRel_GainsTheProperty()
    {
        var outcome = Rewrite("""{"links":[{"rel":"remotestorage","href":"http://h/storage/a","properties":{"auth-endpoint":"http://h/oauth"}}]}""");

        Assert.Equal(JrdRewriteKind.Rewritten, outcome.Kind);
        Assert.Equal("1.0.0", Parse(outcome.Document!)["links"]![0]!["properties"]![Property]!.GetValue<string>());
    }

    [Fact]
    public void RelIsComparedWithoutRegardToCase()
    {
        var outcome = Rewrite("""{"links":[{"rel":"HTTP://tools.ietf.org/id/DRAFT-dejong-remotestorage","properties":{}}]}""");

        Assert.Equal(JrdRewriteKind.Rewritten, outcome.Kind);
    }

    [Fact]
    public void BothRels_EachGainTheProperty_OtherLinksDoNot()
    {
        var json = $$$"""{"links":[{"rel":"{{{RsRel}}}","properties":{}},{"rel":"http://webfinger.net/rel/avatar","href":"x"},{"rel":"remotestorage"}]}""";

        var links = Parse(Rewrite(json).Document!)["links"]!.AsArray();

        Assert.Equal("1.0.0", links[0]!["properties"]![Property]!.GetValue<string>());
        Assert.Null(links[1]!["properties"]);
        Assert.Equal("1.0.0", links[2]!["properties"]![Property]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"links":[{"rel":"R","properties":{}}]}""", """{"links":[{"rel":"R","properties":{"P":"1.0.0"}}]}""")]
    [InlineData("""{"links":[{"rel":"R"}]}""", """{"links":[{"rel":"R","properties":{"P":"1.0.0"}}]}""")]
    [InlineData("""{"links":[{"rel":"R","properties":null}]}""", """{"links":[{"rel":"R","properties":{"P":"1.0.0"}}]}""")]
    [InlineData("""{"links":[{"rel":"R","properties":{"P":"0.2.0"}}]}""", """{"links":[{"rel":"R","properties":{"P":"1.0.0"}}]}""")]
    [InlineData("""{"links":[{"rel":"R","properties":{"P":{"nested":[1]},"q":2}}]}""", """{"links":[{"rel":"R","properties":{"P":"1.0.0","q":2}}]}""")]
    [InlineData("""{"links":[{"properties":{"a":1},"rel":"R"}]}""", """{"links":[{"properties":{"a":1,"P":"1.0.0"},"rel":"R"}]}""")]
    public void PropertiesOfEveryShape_EndUpWithTheProperty(string before, string after)
    {
        var outcome = Rewrite(before.Replace("\"R\"", $"\"{RsRel}\"").Replace("\"P\"", $"\"{Property}\""));

        Assert.Equal(JrdRewriteKind.Rewritten, outcome.Kind);
        Assert.Equal(after.Replace("\"R\"", $"\"{RsRel}\"").Replace("\"P\"", $"\"{Property}\""), Encoding.UTF8.GetString(outcome.Document!));
    }

    [Fact]
    public void PropertyAlreadyAnnounced_LeavesTheDocumentAlone()
    {
        var outcome = Rewrite($$$"""{"links":[{"rel":"{{{RsRel}}}","properties":{"{{{Property}}}":"1.0.0"}}]}""");

        Assert.Equal(JrdRewriteKind.AlreadyPresent, outcome.Kind);
        Assert.Null(outcome.Document);
    }

    [Theory]
    [InlineData("""{"subject":"acct:a@b","links":[{"rel":"http://webfinger.net/rel/profile-page","href":"x"}]}""")]
    [InlineData("""{"subject":"acct:a@b"}""")]
    [InlineData("""{"links":"not an array"}""")]
    [InlineData("""{"nested":{"links":[{"rel":"remotestorage"}]}}""")]
    public void NoRemoteStorageLink_LeavesTheDocumentAlone(string json)
    {
        Assert.Equal(JrdRewriteKind.NoRemoteStorageLink, Rewrite(json).Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[{\"rel\":\"remotestorage\"}]")]
    [InlineData("{\"links\":[{\"rel\":\"remotestorage\"}]")]
    [InlineData("{\"links\":[{\"rel\":\"remotestorage\",}]}")]
    [InlineData("{\"links\":[{\"rel\":\"remotestorage\"}]} {}")]
    [InlineData("{\"links\":[{\"rel\":\"remotestorage\" /* c */}]}")]
    [InlineData("{\"links\":[{\"rel\":\"remotestorage\",\"properties\":\"x\"}]}")]
    [InlineData("{\"links\":[{\"rel\":\"remotestorage\",\"properties\":{},\"properties\":{}}]}")]
    [InlineData("{\"links\":[{\"rel\":\"remotestorage\",\"rel\":\"remotestorage\"}]}")]
    public void MalformedOrAmbiguous_IsReportedAndNotRewritten(string json)
    {
        var outcome = Rewrite(json);

        Assert.Equal(JrdRewriteKind.Malformed, outcome.Kind);
        Assert.Null(outcome.Document);
    }

    [Fact]
    public void InvalidUtf8InAString_IsMalformed()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"links\":[{\"rel\":\"remotestorageX\"}]}");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;

        var outcome = JrdRewriter.AddLinkProperty(bytes, WebFingerTransform.RemoteStorageRels, Property, "1.0.0");

        Assert.Equal(JrdRewriteKind.Malformed, outcome.Kind);
    }

    [Fact]
    public void ByteOrderMark_IsKept_AndTheRestRewritten()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes($$"""{"links":[{"rel":"{{RsRel}}"}]}""")).ToArray();

        var outcome = JrdRewriter.AddLinkProperty(bytes, WebFingerTransform.RemoteStorageRels, Property, "1.0.0");

        Assert.Equal(JrdRewriteKind.Rewritten, outcome.Kind);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, outcome.Document![..3]);
        Assert.Equal("1.0.0", JsonNode.Parse(outcome.Document.AsSpan(3))!["links"]![0]!["properties"]![Property]!.GetValue<string>());
    }

    [Fact]
    public void RewrittenDocuments_AreValidJson()
    {
        foreach (var json in new[] { Armadietto, $$"""{"links":[{"rel":"{{RsRel}}"},{"rel":"remotestorage","properties":null}],"aliases":[]}""" })
        {
            using var parsed = JsonDocument.Parse(Rewrite(json).Document!);
            Assert.Equal(JsonValueKind.Object, parsed.RootElement.ValueKind);
        }
    }
}
