using System.Text.Json.Nodes;
using ConflictClient.Versioning;

namespace ConflictClient.Tests.Versioning;

public sealed class VersionTokenTests
{
    [Theory]
    [InlineData("W/\"abc\"", true)]
    [InlineData("\"abc\"", false)]
    [InlineData("abc", false)]
    public void FromEntityTag_AnyForm_KeepsTextVerbatim(string tag, bool weak)
    {
        var token = VersionToken.FromEntityTag(tag);

        Assert.Equal(tag, token.Value);
        Assert.Equal(weak, token.IsWeak);
        Assert.False(token.IsEmpty);
    }

    [Theory]
    [InlineData("7", true, "7")]
    [InlineData("7.0", true, "7.0")]
    [InlineData("\"rev-7\"", false, "rev-7")]
    public void TryFromJson_NumberOrString_RoundTripsToTheSameJson(string json, bool numeric, string value)
    {
        Assert.True(VersionToken.TryFromJson(JsonNode.Parse(json), out var token));

        Assert.Equal(numeric, token.IsNumeric);
        Assert.Equal(value, token.Value);
        Assert.Equal(json, token.ToJsonNode().ToJsonString());
    }

    [Theory]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("null")]
    public void TryFromJson_OtherValues_AreNotTokens(string json)
    {
        Assert.False(VersionToken.TryFromJson(JsonNode.Parse(json), out _));
    }

    [Fact]
    public void Equality_SameTextDifferentKind_AreDifferent()
    {
        Assert.NotEqual(VersionToken.FromString("7"), VersionToken.FromNumber(7));
        Assert.Equal(VersionToken.FromNumber(7), VersionToken.FromNumber(7));
        Assert.True(default(VersionToken).IsEmpty);
    }
}
