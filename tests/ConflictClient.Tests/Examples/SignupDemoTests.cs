using ConflictClient.Conflicts;
using ConflictClient.SignupExample;

namespace ConflictClient.Tests.Examples;

/// <summary>Keeps the sign-up example honest: each duplicate policy's outcome, on its own embedded server.</summary>
public sealed class SignupDemoTests
{
    [Fact]
    public async Task RunAsync_ConcurrentSignupsWithOneEmail_EachPolicyEndsWithOneAccount()
    {
        using var output = new StringWriter();

        var rounds = await SignupDemo.RunAsync(signups: 4, output);

        Assert.Equal(
            [
                new SignupRound(DuplicatePolicy.Fail, Created: 1, Adopted: 0, Merged: 0, Refused: 3, AccountsWithEmail: 1, CreatesApplied: 1),
                new SignupRound(DuplicatePolicy.AdoptExisting, Created: 1, Adopted: 3, Merged: 0, Refused: 0, AccountsWithEmail: 1, CreatesApplied: 1),
                new SignupRound(DuplicatePolicy.MergeIntoExisting, Created: 1, Adopted: 0, Merged: 3, Refused: 0, AccountsWithEmail: 1, CreatesApplied: 1),
            ],
            rounds);
        var mergedName = output.ToString().Split('\n').Last(l => l.Contains("final name", StringComparison.Ordinal)).Split('"')[1];
        Assert.Equal(["Ada 1", "Ada 2", "Ada 3", "Ada 4"], mergedName.Split(" & ").Order());
    }
}
