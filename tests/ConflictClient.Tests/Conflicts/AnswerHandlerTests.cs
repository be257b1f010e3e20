using System.Net;
using System.Text;
using System.Text.Json;
using ConflictClient.Conflicts;
using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Versioning;
using Polly;

namespace ConflictClient.Tests.Conflicts;

/// <summary>
/// The pure decision after a conflict-like answer: one branch per kind, bounded by the retry plan, never merging after
/// a send that may have been applied, never reading from another origin.
/// </summary>
public sealed class AnswerHandlerTests
{
    private static readonly Uri Todo = new("https://api.test/todos/1");
    private static readonly Uri Todos = new("https://api.test/todos");

    [Fact]
    public void Decide_VersionConflictWithAttemptsLeft_ReadsTheResourceAndMerges()
    {
        var (step, _) = Decide(ConflictKind.VersionConflict, Update());

        Assert.Equal(StepKind.Merge, step.Kind);
        Assert.Equal(Todo, step.Read);
        Assert.Equal(Todo, step.Next!.Resource);
        Assert.Null(step.Carried);
        Assert.True(step.WillRetry);
    }

    [Fact]
    public void Decide_VersionConflictCarryingTheState_MergesTheCarriedState()
    {
        var carried = new Representation(HttpStatusCode.PreconditionFailed, Encoding.UTF8.GetBytes("""{"title":"theirs"}"""), null, "\"v2\"");

        var (step, _) = Decide(ConflictKind.VersionConflict, Update(), o => o.Versions.ConflictResponseCarriesCurrent = true, body: carried);

        Assert.Equal(StepKind.Merge, step.Kind);
        Assert.Same(carried, step.Carried);
        Assert.Equal(TimeSpan.Zero, step.Delay);
    }

    [Fact]
    public void Decide_VersionConflictCarryingAnEmptyBody_ReadsInstead()
    {
        var empty = new Representation(HttpStatusCode.PreconditionFailed, [], null, "\"v2\"");

        var (step, _) = Decide(ConflictKind.VersionConflict, Update(), o => o.Versions.ConflictResponseCarriesCurrent = true, body: empty);

        Assert.Null(step.Carried);
        Assert.Equal(Todo, step.Read);
    }

    [Fact]
    public void Decide_VersionConflictAtTheLastAttempt_ReadsThenFailsExhausted()
    {
        var (step, write) = Decide(ConflictKind.VersionConflict, Update() with { Number = 3 }, o => o.Retry.MaxAttempts = 3);

        Assert.Equal(StepKind.ReadThenEnd, step.Kind);
        Assert.Equal(Todo, step.Read);
        Assert.False(step.ReadIsBestEffort);
        Assert.Equal(ConflictFailureReason.AttemptsExhausted, step.Failure!(write).Reason);
        Assert.False(step.WillRetry);
    }

    [Fact]
    public void Decide_VersionConflictOnACreateNobodyLocates_FailsUnclassified()
    {
        var (step, _) = Decide(ConflictKind.VersionConflict, Create());

        Assert.Equal(StepKind.Fail, step.Kind);
        Assert.Equal(ConflictFailureReason.Unclassified, step.Error!.Reason);
    }

    [Fact]
    public void Decide_VersionConflictOnACreateLocatedOnTheOrigin_MergesThere()
    {
        var (step, _) = Decide(ConflictKind.VersionConflict, Create(), location: "/todos/7");

        Assert.Equal(StepKind.Merge, step.Kind);
        Assert.Equal(new Uri("https://api.test/todos/7"), step.Read);
    }

    [Fact]
    public void Decide_VersionConflictOnACreateLocatedElsewhere_FailsUnclassified()
    {
        var (step, _) = Decide(ConflictKind.VersionConflict, Create(), location: "https://evil.test/todos/7");

        Assert.Equal(ConflictFailureReason.Unclassified, step.Error!.Reason);
    }

    [Theory]
    [InlineData(ConflictKind.VersionConflict)]
    [InlineData(ConflictKind.Duplicate)]
    [InlineData(ConflictKind.InFlight)]
    public void Decide_AfterASendThatMayHaveBeenApplied_ReadsAndEndsUnknown(ConflictKind kind)
    {
        var (step, write) = Decide(kind, Update(), mayHaveBeenApplied: true);

        // Merging again could apply the change twice; calling it done could hide a loss.
        Assert.Equal(StepKind.ReadThenEnd, step.Kind);
        Assert.True(step.ReadIsBestEffort);
        Assert.Equal(Todo, step.Read);
        Assert.Equal(ConflictFailureReason.OutcomeUnknown, step.Failure!(write).Reason);
    }

    [Fact]
    public void Decide_MayHaveBeenAppliedAndNothingToRead_FailsUnknownAtOnce()
    {
        var (step, _) = Decide(ConflictKind.VersionConflict, Create(), mayHaveBeenApplied: true);

        Assert.Equal(StepKind.Fail, step.Kind);
        Assert.Equal(ConflictFailureReason.OutcomeUnknown, step.Error!.Reason);
    }

    [Fact]
    public void Decide_MayHaveBeenAppliedAndLocatedElsewhere_NeverReadsThere()
    {
        var (step, _) = Decide(ConflictKind.Duplicate, Create(), mayHaveBeenApplied: true, location: "https://evil.test/todos/7");

        Assert.Equal(StepKind.Fail, step.Kind);
        Assert.Equal(ConflictFailureReason.OutcomeUnknown, step.Error!.Reason);
    }

    [Fact]
    public void Decide_DuplicateUnderFail_FailsWithTheExistingLocation()
    {
        var (step, _) = Decide(ConflictKind.Duplicate, Create(), location: "/todos/7");

        var duplicate = Assert.IsType<DuplicateResourceException>(step.Error);
        Assert.Equal(new Uri("https://api.test/todos/7"), duplicate.ExistingLocation);
    }

    [Fact]
    public void Decide_DuplicateAdoptedAndLocatedByTheProblem_ReadsItAndAdopts()
    {
        var problem = Problem("""{"existing":"/todos/9"}""");

        var (step, _) = Decide(ConflictKind.Duplicate, Create(), policy: DuplicatePolicy.AdoptExisting, problem: problem);

        Assert.Equal(StepKind.ReadThenEnd, step.Kind);
        Assert.Equal(new Uri("https://api.test/todos/9"), step.Read);
        Assert.Null(step.Failure);
    }

    [Fact]
    public void Decide_DuplicateWithAProblemLocationThatIsNotAString_UsesTheLocator()
    {
        var problem = Problem("""{"location":42}""");

        var (step, _) = Decide(ConflictKind.Duplicate, Create(), o => o.Creates.ExistingResourceLocator = _ => new Uri("/todos/5", UriKind.Relative), DuplicatePolicy.AdoptExisting, problem: problem);

        Assert.Equal(new Uri("https://api.test/todos/5"), step.Read);
    }

    [Fact]
    public void Decide_DuplicateAdoptedButNotLocated_FailsDuplicate()
    {
        var (step, _) = Decide(ConflictKind.Duplicate, Create(), policy: DuplicatePolicy.AdoptExisting);

        Assert.Equal(StepKind.Fail, step.Kind);
        Assert.Equal(ConflictFailureReason.Duplicate, step.Error!.Reason);
        Assert.IsNotType<DuplicateResourceException>(step.Error);
    }

    [Fact]
    public void Decide_DuplicateAdoptedOnAnotherOrigin_FailsCrossOrigin()
    {
        var (step, _) = Decide(ConflictKind.Duplicate, Create(), policy: DuplicatePolicy.AdoptExisting, location: "http://api.test/todos/7");

        Assert.Equal(ConflictFailureReason.CrossOriginRefetch, step.Error!.Reason);
    }

    [Fact]
    public void Decide_DuplicateOfAPutToCreate_IsAtItsOwnUri()
    {
        var putToCreate = Update() with { IfNoneMatch = "*", IsConditional = true };

        var (step, _) = Decide(ConflictKind.Duplicate, putToCreate, policy: DuplicatePolicy.AdoptExisting);

        Assert.Equal(Todo, step.Read);
    }

    [Fact]
    public void Decide_DuplicateMergedIntoExisting_BecomesAConditionalPutThere()
    {
        var (step, _) = Decide(ConflictKind.Duplicate, Create() with { IfNoneMatch = "*" }, policy: DuplicatePolicy.MergeIntoExisting, location: "/todos/7");

        var existing = new Uri("https://api.test/todos/7");
        Assert.Equal(StepKind.Merge, step.Kind);
        Assert.Equal(existing, step.Read);
        Assert.Equal(HttpMethod.Put, step.Next!.Method);
        Assert.Equal(existing, step.Next.Target);
        Assert.Equal(existing, step.Next.Resource);
        Assert.Null(step.Next.IfNoneMatch);
        Assert.True(step.Next.MergedIntoExisting);
        Assert.True(step.Next.IsConditional);
    }

    [Fact]
    public void Decide_DuplicateMergedIntoExistingWithoutAttemptsLeft_ReadsThenFailsExhausted()
    {
        var (step, write) = Decide(ConflictKind.Duplicate, Create(), o => o.Retry.MaxAttempts = 1, DuplicatePolicy.MergeIntoExisting, location: "/todos/7");

        Assert.Equal(StepKind.ReadThenEnd, step.Kind);
        Assert.Equal(ConflictFailureReason.AttemptsExhausted, step.Failure!(write).Reason);
    }

    [Fact]
    public void Decide_InFlight_SendsTheSameAttemptAgain()
    {
        var attempt = Update() with { IdempotencyKey = "k" };

        var (step, _) = Decide(ConflictKind.InFlight, attempt);

        Assert.Equal(StepKind.Send, step.Kind);
        Assert.Equal(attempt with { Number = 2 }, step.Next);
    }

    [Theory]
    [InlineData("k", ConflictFailureReason.OutcomeUnknown)]
    [InlineData(null, ConflictFailureReason.AttemptsExhausted)]
    public void Decide_InFlightAtTheLastAttempt_FailsByWhatTheKeyProves(string? key, ConflictFailureReason expected)
    {
        var (step, _) = Decide(ConflictKind.InFlight, Update() with { Number = 2, IdempotencyKey = key }, o => o.Retry.MaxAttempts = 2);

        Assert.Equal(expected, step.Error!.Reason);
    }

    [Fact]
    public void Decide_PreconditionRequiredOnACreate_ResendsCreateOnlyWithItsOwnKey()
    {
        var (step, write) = Decide(ConflictKind.PreconditionRequired, Create() with { IdempotencyKey = "abc" }, idempotencyKey: "abc");

        Assert.Equal(StepKind.Send, step.Kind);
        Assert.Equal("*", step.Next!.IfNoneMatch);
        Assert.Equal(2, step.Next.Number);
        Assert.Equal(SendProof.KeyForAttempt("abc", 2), step.Next.IdempotencyKey);
        Assert.NotEqual("abc", step.Next.IdempotencyKey);
        Assert.True(write.PreconditionResent);
    }

    [Fact]
    public void Decide_PreconditionRequiredOnAnUpdate_MergesThenSendsConditionally()
    {
        var (step, write) = Decide(ConflictKind.PreconditionRequired, Update() with { IsConditional = false });

        Assert.Equal(StepKind.Merge, step.Kind);
        Assert.Equal(Todo, step.Read);
        Assert.True(step.Next!.IsConditional);
        Assert.True(write.PreconditionResent);
    }

    [Fact]
    public void Decide_PreconditionRequiredTwice_Fails()
    {
        var (step, _) = Decide(ConflictKind.PreconditionRequired, Update(), preconditionResent: true);

        Assert.Equal(ConflictFailureReason.PreconditionRequired, step.Error!.Reason);
    }

    [Fact]
    public void Decide_PreconditionRequiredWithoutAttemptsLeft_Fails()
    {
        var (step, _) = Decide(ConflictKind.PreconditionRequired, Update(), o => o.Retry.MaxAttempts = 1);

        Assert.Equal(ConflictFailureReason.PreconditionRequired, step.Error!.Reason);
    }

    [Fact]
    public void Decide_PreconditionRequiredOnAnUpdateWithNoResource_FailsUnclassified()
    {
        var (step, _) = Decide(ConflictKind.PreconditionRequired, Update() with { Resource = null });

        Assert.Equal(ConflictFailureReason.Unclassified, step.Error!.Reason);
    }

    [Theory]
    [InlineData(ConflictKind.BusinessRule, ConflictFailureReason.BusinessRule)]
    [InlineData(ConflictKind.IdempotencyKeyReused, ConflictFailureReason.IdempotencyKeyReused)]
    [InlineData(ConflictKind.Unknown, ConflictFailureReason.Unclassified)]
    public void Decide_KindsNeverRetried_FailAtOnce(ConflictKind kind, ConflictFailureReason expected)
    {
        var (step, _) = Decide(kind, Update());

        Assert.Equal(StepKind.Fail, step.Kind);
        Assert.Equal(expected, step.Error!.Reason);
        Assert.False(step.WillRetry);
    }

    [Fact]
    public void Decide_RetryAfterBeyondTheTimeLeft_RecordsItAndEnds()
    {
        var (step, write) = Decide(ConflictKind.VersionConflict, Update(), retryAfter: TimeSpan.FromSeconds(40));

        Assert.Equal(StepKind.ReadThenEnd, step.Kind);
        Assert.NotNull(write.WaitBeyondBudget);
        Assert.Contains("Retry-After", step.Failure!(write).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_SecondVersionConflict_BacksOffThenReadsAndMerges()
    {
        var (step, _) = Decide(ConflictKind.VersionConflict, Update() with { Number = 2 });

        Assert.Equal(StepKind.Merge, step.Kind);
        Assert.Equal(Todo, step.Read);
        Assert.Null(step.Carried);
        Assert.InRange(step.Delay, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public void KeyFor_WithoutACallerKey_IsNull()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Todo);
        using var context = Context();

        Assert.Null(AnswerHandler.KeyFor(Plan(request, context.Value, new ConflictResolutionStrategyOptions { MergeStrategy = MergeStrategy.ClientWins }, DuplicatePolicy.Fail), 2));
    }

    private static Attempt Update() => new()
    {
        Number = 1, Method = HttpMethod.Put, Target = Todo, Resource = Todo, Body = "{}"u8.ToArray(), IfMatch = "\"v1\"", IsConditional = true,
    };

    private static Attempt Create() => new() { Number = 1, Method = HttpMethod.Post, Target = Todos, Body = "{}"u8.ToArray() };

    private static ConflictProblemDetails Problem(string extensions) => new()
    {
        Extensions = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(extensions)!,
    };

    private static (Step Step, WriteProgress Write) Decide(
        ConflictKind kind,
        Attempt attempt,
        Action<ConflictResolutionStrategyOptions>? configure = null,
        DuplicatePolicy policy = DuplicatePolicy.Fail,
        Representation? body = null,
        string? location = null,
        ConflictProblemDetails? problem = null,
        bool mayHaveBeenApplied = false,
        bool preconditionResent = false,
        TimeSpan? retryAfter = null,
        string? idempotencyKey = null)
    {
        var options = new ConflictResolutionStrategyOptions { MergeStrategy = MergeStrategy.ClientWins };
        options.Retry.MaxAttempts = 5;
        configure?.Invoke(options);
        using var request = new HttpRequestMessage(attempt.Method, attempt.Target) { Content = new ByteArrayContent(attempt.Body ?? []) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var context = Context();
        var plan = Plan(request, context.Value, options, policy);
        var status = kind == ConflictKind.PreconditionRequired ? (HttpStatusCode)428 : HttpStatusCode.Conflict;
        var write = new WriteProgress
        {
            Method = attempt.Method, RequestUri = attempt.Target, StartedAt = 0, Attempts = attempt.Number,
            MayHaveBeenApplied = mayHaveBeenApplied, PreconditionResent = preconditionResent,
            Answer = new ConflictAnswer(status, problem, ServerError.None, location, retryAfter, body) { Kind = kind },
        };

        return AnswerHandler.Decide(plan, write, attempt, TimeSpan.FromSeconds(30));
    }

    private static WritePlan Plan(HttpRequestMessage request, ResilienceContext context, ConflictResolutionStrategyOptions options, DuplicatePolicy policy) => new()
    {
        Options = options,
        Context = context,
        Template = new RequestSnapshot(request, []),
        VersionSource = VersionSource.ETag,
        Merge = options.MergeStrategy!,
        DuplicatePolicy = policy,
        ServerManaged = [],
    };

    private static PooledContext Context() => new(ResilienceContextPool.Shared.Get(TestContext.Current.CancellationToken));

    private readonly struct PooledContext(ResilienceContext value) : IDisposable
    {
        public ResilienceContext Value => value;

        public void Dispose() => ResilienceContextPool.Shared.Return(value);
    }
}
