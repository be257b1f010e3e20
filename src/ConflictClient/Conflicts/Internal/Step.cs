using ConflictClient.Http;

namespace ConflictClient.Conflicts;

/// <summary>One decision of the write loop's handlers, immutable.</summary>
internal sealed record Step(StepKind Kind)
{
    public HttpResponseMessage? Response { get; init; }

    public ConflictOutcome Outcome { get; init; }

    public ConflictException? Error { get; init; }

    public Attempt? Next { get; init; }

    public TimeSpan Delay { get; init; }

    public Uri? Read { get; init; }

    public Representation? Carried { get; init; }

    /// <summary>Gets the failure to end with once <see cref="Read"/> was read (null: the read state is adopted); best effort reads never fail.</summary>
    public Func<WriteProgress, ConflictException>? Failure { get; init; }

    /// <summary>Gets a value indicating whether the read before a <see cref="Failure"/> may fail silently (it only completes the report).</summary>
    public bool ReadIsBestEffort { get; init; }

    /// <summary>Gets a value indicating whether the write will be sent again (for OnConflict and the logs).</summary>
    public bool WillRetry => Kind is StepKind.Send or StepKind.Merge;

    public static Step Fail(ConflictException error) => new(StepKind.Fail) { Error = error };

    public static Step Done(HttpResponseMessage response, ConflictOutcome outcome) => new(StepKind.Done) { Response = response, Outcome = outcome };

    public static Step Send(Attempt next, TimeSpan delay) => new(StepKind.Send) { Next = next, Delay = delay };

    public static Step PassThrough { get; } = new(StepKind.PassThrough);
}
