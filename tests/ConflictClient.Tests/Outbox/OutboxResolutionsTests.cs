using System.Text;
using ConflictClient.Conflicts;
using ConflictClient.Outbox;
using ConflictClient.Outbox.Internal;

namespace ConflictClient.Tests.Outbox;

/// <summary>A person's decision on a parked write, as the entry it makes: a pure rule.</summary>
public sealed class OutboxResolutionsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(2);

    private static readonly OutboxEntry Parked = new()
    {
        Id = 7,
        Resource = "http://api/todos/1",
        Method = "PUT",
        RequestUri = new Uri("http://api/todos/1"),
        Headers = [KeyValuePair.Create("If-Match", "\"v1\""), KeyValuePair.Create("Idempotency-Key", "k1"), KeyValuePair.Create("X-Operation-Id", "op"), KeyValuePair.Create("Content-Type", "application/json")],
        Body = Encoding.UTF8.GetBytes("""{"title":"mine"}"""),
        Base = Encoding.UTF8.GetBytes("""{"title":"original"}"""),
        IdempotencyKey = "k1",
        State = OutboxEntryState.Parked,
        Outcome = OutboxOutcomeKind.Parked,
        Reason = ConflictFailureReason.MergeUnresolved,
        Message = "Not saved.",
        Remote = Encoding.UTF8.GetBytes("""{"title":"theirs"}"""),
        RemoteVersion = "\"v2\"",
    };

    [Fact]
    public void Apply_Discard_EndsItNotAppliedAndSaysWhy()
    {
        var discarded = OutboxResolutions.Apply(Parked, OutboxResolution.Discard(), Now);

        Assert.Equal((OutboxEntryState.Ended, OutboxOutcomeKind.NotApplied, Now), (discarded.State, discarded.Outcome, discarded.UpdatedAt));
        Assert.Equal("Discarded by a person; the server's state stays.", discarded.Message);
        Assert.Equal(Parked.Body!.Value.ToArray(), discarded.Body!.Value.ToArray());
    }

    [Fact]
    public void Apply_Resend_QueuesTheBodyOnTheirsWithTheirVersionAndANewKey()
    {
        var resent = OutboxResolutions.Apply(Parked, OutboxResolution.Resend(Encoding.UTF8.GetBytes("""{"title":"both"}""")), Now);

        Assert.Equal((OutboxEntryState.Queued, OutboxOutcomeKind.None, ConflictFailureReason.None, ConflictOutcome.None), (resent.State, resent.Outcome, resent.Reason, resent.WriteOutcome));
        Assert.Equal("""{"title":"both"}""", Encoding.UTF8.GetString(resent.Body!.Value.Span));
        Assert.Equal("""{"title":"theirs"}""", Encoding.UTF8.GetString(resent.Base!.Value.Span));
        Assert.Equal((null, null, (string?)null, Now), (resent.Remote, resent.RemoteVersion, resent.Message, resent.UpdatedAt));
        Assert.NotNull(resent.IdempotencyKey);
        Assert.NotEqual("k1", resent.IdempotencyKey);
        Assert.Equal(
            [("X-Operation-Id", "op"), ("Content-Type", "application/json"), ("If-Match", "\"v2\""), ("Idempotency-Key", resent.IdempotencyKey!)],
            resent.Headers.Select(h => (h.Key, h.Value)));
    }

    [Fact]
    public void Apply_ResendOfAWriteWithoutKey_GetsNoKey()
    {
        var unkeyed = Parked with { IdempotencyKey = null, Headers = [.. Parked.Headers.Where(h => h.Key != "Idempotency-Key")] };

        var resent = OutboxResolutions.Apply(unkeyed, OutboxResolution.Resend(Encoding.UTF8.GetBytes("{}")), Now);

        Assert.Null(resent.IdempotencyKey);
        Assert.DoesNotContain(resent.Headers, h => h.Key == "Idempotency-Key");
    }

    [Fact]
    public void Apply_ResendOfACreateThatMetAnExistingResource_BecomesAnUpdateOfItsVersion()
    {
        var create = Parked with { Reason = ConflictFailureReason.Duplicate, IdempotencyKey = null, Headers = [KeyValuePair.Create("if-none-match", "*"), KeyValuePair.Create("X-Operation-Id", "op")] };

        var resent = OutboxResolutions.Apply(create, OutboxResolution.Resend(Encoding.UTF8.GetBytes("{}")), Now);

        Assert.Equal([("X-Operation-Id", "op"), ("If-Match", "\"v2\"")], resent.Headers.Select(h => (h.Key, h.Value)));
    }

    [Fact]
    public void Apply_ResendOfACreateWhoseExistingVersionIsUnknown_KeepsItsIfNoneMatch()
    {
        var create = Parked with { IdempotencyKey = null, RemoteVersion = null, Headers = [KeyValuePair.Create("If-None-Match", "*")] };

        var resent = OutboxResolutions.Apply(create, OutboxResolution.Resend(Encoding.UTF8.GetBytes("{}")), Now);

        Assert.Equal([("If-None-Match", "*")], resent.Headers.Select(h => (h.Key, h.Value)));
    }

    [Fact]
    public void Apply_ResendOfACreateOnlyPostToACollection_IsNotTurnedIntoAnUpdate()
    {
        var post = Parked with { Method = "POST", IdempotencyKey = null, Headers = [KeyValuePair.Create("If-None-Match", "*")] };

        var resent = OutboxResolutions.Apply(post, OutboxResolution.Resend(Encoding.UTF8.GetBytes("{}")), Now);

        Assert.Equal([("If-None-Match", "*")], resent.Headers.Select(h => (h.Key, h.Value)));
    }

    [Fact]
    public void Apply_ResendWhenTheirVersionIsUnknown_KeepsTheWritesOwnPreconditionAndBase()
    {
        var unknown = Parked with { RemoteVersion = null, Remote = null };

        var resent = OutboxResolutions.Apply(unknown, OutboxResolution.Resend(Encoding.UTF8.GetBytes("{}")), Now);

        Assert.Contains(resent.Headers, h => (h.Key, h.Value) == ("If-Match", "\"v1\""));
        Assert.Single(resent.Headers, h => h.Key == "If-Match");
        Assert.Equal("""{"title":"original"}""", Encoding.UTF8.GetString(resent.Base!.Value.Span));
    }

    [Fact]
    public void Apply_ResendOfAWriteWithoutPrecondition_AddsNone()
    {
        var unconditional = Parked with { Headers = [KeyValuePair.Create("X-Operation-Id", "op")], IdempotencyKey = null };

        var resent = OutboxResolutions.Apply(unconditional, OutboxResolution.Resend(Encoding.UTF8.GetBytes("{}")), Now);

        Assert.Equal([("X-Operation-Id", "op")], resent.Headers.Select(h => (h.Key, h.Value)));
    }
}
