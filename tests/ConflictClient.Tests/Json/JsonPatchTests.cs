using System.Text.Json.Nodes;
using ConflictClient.Json;

namespace ConflictClient.Tests.Json;

/// <summary>
/// The library's JSON Patch beyond the RFC's examples (<see cref="SpecConformanceTests"/>): each refusal says which
/// operation failed and why, in words a person can act on.
/// </summary>
public sealed class JsonPatchTests
{
    [Theory]
    [InlineData("""{"op":"add","path":"/a","value":1}""", "a JSON Patch is an array of operations")]
    [InlineData("""[1]""", "operation 0: not an object")]
    [InlineData("""[{"op":"add","path":"/a","value":1},{"op":"nope","path":"/a"}]""", "operation 1: 'op' is missing or not one of add, remove, replace, move, copy, test")]
    [InlineData("""[{"op":"test","path":"/a"}]""", "operation 0: 'test' needs a 'value'")]
    [InlineData("""[{"op":"copy","path":"/a"}]""", "operation 0: 'from' is missing or not a string")]
    [InlineData("""[{"op":"add","path":7,"value":1}]""", "operation 0: 'path' is missing or not a string")]
    public void TryParse_Malformed_SaysWhichOperationAndWhy(string patch, string expected)
    {
        Assert.False(JsonPatch.TryParse(JsonNode.Parse(patch), out _, out var error));

        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/c"}]""", "operation 0 (move '/a/c'): 'from' '/a' is a parent of the target: a location cannot be moved into its own child")]
    [InlineData("""{"a":1}""", """[{"op":"copy","from":"/x","path":"/b"}]""", "operation 0 (copy '/b'): 'from' '/x' does not exist")]
    [InlineData("""{"a":1}""", """[{"op":"move","from":"/x","path":"/x"}]""", "operation 0 (move '/x'): 'from' '/x' does not exist")]
    [InlineData("""{"a":1}""", """[{"op":"test","path":"/x","value":1}]""", "operation 0 (test '/x'): the tested location does not exist")]
    [InlineData("""{"a":1}""", """[{"op":"test","path":"/a","value":2}]""", "operation 0 (test '/a'): the value differs from the tested one")]
    [InlineData("""{"a":[1]}""", """[{"op":"add","path":"/a/5","value":2}]""", "operation 0 (add '/a/5'): '5' is not an index from 0 to the array's length, or '-'")]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"/x/y","value":2}]""", "operation 0 (add '/x/y'): the parent location does not exist or is neither an object nor an array")]
    [InlineData("""{"a":1}""", """[{"op":"remove","path":"/x"}]""", "operation 0 (remove '/x'): the location does not exist")]
    [InlineData("""{"a":1}""", """[{"op":"remove","path":""}]""", "operation 0 (remove \"\" (the whole document)): the whole document cannot be removed")]
    public void TryApply_Refused_SaysWhichOperationAndWhy(string document, string patch, string expected)
    {
        Assert.True(JsonPatch.TryParse(JsonNode.Parse(patch), out var operations, out _));

        Assert.False(JsonPatch.TryApply(JsonNode.Parse(document), operations, out var result, out var error));

        Assert.Null(result);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("""{"a":1,"b":{}}""", """[{"op":"move","from":"/a","path":"/b/a"}]""", """{"b":{"a":1}}""")] // "/a" is no parent of "/b/a"
    [InlineData("""{"ab":1}""", """[{"op":"move","from":"/ab","path":"/a"}]""", """{"a":1}""")]
    [InlineData("""{"a":[0,1]}""", """[{"op":"add","path":"/a/0","value":9}]""", """{"a":[9,0,1]}""")]
    public void TryApply_NearMisses_AreApplied(string document, string patch, string expected)
    {
        Assert.True(JsonPatch.TryParse(JsonNode.Parse(patch), out var operations, out _));

        Assert.True(JsonPatch.TryApply(JsonNode.Parse(document), operations, out var result, out var error), error);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result?.ToJsonString());
    }

    [Theory]
    [InlineData("01")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("")]
    [InlineData("\u0661")] // an Arabic-Indic digit one
    public void TryApply_IndexNotOfRfc6901_IsRefused(string index)
    {
        Assert.True(JsonPatch.TryParse(new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/a/" + index, ["value"] = 9 }), out var operations, out _));

        Assert.False(JsonPatch.TryApply(JsonNode.Parse("""{"a":[0,1,2]}"""), operations, out _, out _));
    }
}
