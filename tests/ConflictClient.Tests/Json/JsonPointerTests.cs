using System.Text.Json.Nodes;
using ConflictClient.Json;
using ConflictClient.Versioning;

namespace ConflictClient.Tests.Json;

public sealed class JsonPointerTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""
        {"a/b": 1, "m~n": 2, "metadata": {"resourceVersion": "17"}, "list": [10, 20], "nothing": null, "ünï": 3}
        """)!;

    [Theory]
    [InlineData("/a~1b", "1")]
    [InlineData("/m~0n", "2")]
    [InlineData("/metadata/resourceVersion", "\"17\"")]
    [InlineData("/list/1", "20")]
    [InlineData("/ünï", "3")]
    public void TryGet_ValidPointer_FindsTheValue(string pointer, string expectedJson)
    {
        Assert.True(JsonPointer.TryParse(pointer, out var parsed, out _));

        Assert.True(parsed.TryGet(Document, out var value));
        Assert.Equal(expectedJson, value!.ToJsonString());
    }

    [Fact]
    public void TryGet_PresentNull_IsFoundAsNull()
    {
        Assert.True(JsonPointer.TryParse("/nothing", out var pointer, out _));

        Assert.True(pointer.TryGet(Document, out var value));
        Assert.Null(value);
    }

    [Theory]
    [InlineData("/missing")]
    [InlineData("/list/2")]
    [InlineData("/list/01")]
    [InlineData("/metadata/resourceVersion/deeper")]
    public void TryGet_AbsentLocation_IsNotFound(string pointer)
    {
        Assert.True(JsonPointer.TryParse(pointer, out var parsed, out _));

        Assert.False(parsed.TryGet(Document, out _));
    }

    [Theory]
    [InlineData("version", "must start with '/'")]
    [InlineData("/a~2", "'~' not followed by '0' or '1'")]
    [InlineData("/a~", "'~' not followed by '0' or '1'")]
    [InlineData(null, "required")]
    public void TryParse_MalformedPointer_ExplainsWhy(string? pointer, string expected)
    {
        Assert.False(JsonPointer.TryParse(pointer, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EmptyPointer_IsTheWholeDocument()
    {
        Assert.True(JsonPointer.TryParse(string.Empty, out var pointer, out _));

        Assert.True(pointer.IsRoot);
        Assert.True(pointer.TryGet(Document, out var value));
        Assert.Same(Document, value);
    }

    [Fact]
    public void TryParseMember_EmptyPointer_IsRefusedAsNoField()
    {
        Assert.False(JsonPointer.TryParseMember(string.Empty, out _, out var error));

        Assert.Contains("the empty pointer addresses the whole document", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_MissingParents_CreatesObjects()
    {
        var document = new JsonObject { ["name"] = "x" };
        Assert.True(JsonPointer.TryParse("/metadata/resourceVersion", out var pointer, out _));

        pointer.Set(document, JsonValue.Create(5));

        Assert.Equal("""{"name":"x","metadata":{"resourceVersion":5}}""", document.ToJsonString());
    }

    [Fact]
    public void Set_ThroughAScalar_ThrowsNamingThePointer()
    {
        var document = new JsonObject { ["metadata"] = 3 };
        Assert.True(JsonPointer.TryParse("/metadata/v", out var pointer, out _));

        var error = Assert.Throws<InvalidOperationException>(() => pointer.Set(document, JsonValue.Create(1)));

        Assert.Contains("/metadata/v", error.Message, StringComparison.Ordinal);
    }
}
