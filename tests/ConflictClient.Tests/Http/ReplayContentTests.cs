using ConflictClient.Http;

namespace ConflictClient.Tests.Http;

public sealed class ReplayContentTests
{
    [Fact]
    public async Task Sends_RedirectHopSerialized_CountsForTheMessageItCameFrom()
    {
        using var write = new ReplayContent("{}"u8.ToArray());
        using var hop = new ReplayContent(write.Body, write);

        await hop.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken);
        hop.MarkHandled();

        Assert.Equal(1, write.Sends);
        Assert.Equal(1, write.Serialized);
    }

    [Fact]
    public async Task Sends_BufferedThenSentTwice_TheHandlerCountSeesBothSends()
    {
        using var content = new ReplayContent("{}"u8.ToArray());
        await content.LoadIntoBufferAsync(TestContext.Current.CancellationToken);
        await content.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken);
        await content.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken);
        content.MarkHandled();
        content.MarkHandled();

        Assert.Equal(1, content.Serialized); // the buffer hides the second send from serialization
        Assert.Equal(2, content.Sends);
    }
}
