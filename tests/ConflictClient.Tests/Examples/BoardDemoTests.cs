using ConflictClient.Example;

namespace ConflictClient.Tests.Examples;

/// <summary>Keeps README's first command honest: the example's own run, at a smaller size.</summary>
public sealed class BoardDemoTests
{
    [Fact]
    public async Task RunAsync_ConcurrentEditors_AppliesEveryCardAndLosesNone()
    {
        using var output = new StringWriter();

        var result = await BoardDemo.RunAsync(editors: 4, cardsPerEditor: 5, output);

        Assert.Equal(0, result.LostUpdates);
        Assert.Equal(20, result.Cards);
        Assert.Equal(20, result.AppliedWrites);
        Assert.Equal(result.RejectedWrites, result.Conflicts);
        Assert.Contains("Lost updates: 0", output.ToString(), StringComparison.Ordinal);
    }
}
