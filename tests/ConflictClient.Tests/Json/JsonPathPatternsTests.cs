using ConflictClient.Json;

namespace ConflictClient.Tests.Json;

public sealed class JsonPathPatternsTests
{
    [Theory]
    [InlineData("/_rev", "/_rev", true)]
    [InlineData("/_rev", "/_rev/inner", true)]
    [InlineData("/_rev", "/_revision", false)]
    [InlineData("/meta/*", "/meta/at", true)]
    [InlineData("/meta/*", "/meta", false)]          // the pattern is longer than the location
    [InlineData("/*/at", "/meta/at", true)]
    [InlineData("/*/at", "/meta/by", false)]
    [InlineData("/meta/at", "/other/at", false)]
    [InlineData("/a~1b", "/a~1b", true)]
    [InlineData("not a pointer", "/not a pointer", false)] // an invalid pattern matches nothing
    public void Covers_LocationAtOrInsideAPattern(string pattern, string location, bool expected)
    {
        Assert.True(JsonPointer.TryParse(location, out var pointer, out _));

        Assert.Equal(expected, new JsonPathPatterns([pattern]).Covers(pointer));
    }
}
