using ConflictClient.Http;

namespace ConflictClient.Conflicts;

/// <summary>What a handler decided after an answer or a read: the loop carries it out.</summary>
internal enum StepKind
{
    /// <summary>The write ended; the loop returns <see cref="Step.Response"/>.</summary>
    Done,

    /// <summary>The write ended typed; the loop throws <see cref="Step.Error"/>.</summary>
    Fail,

    /// <summary>Wait <see cref="Step.Delay"/>, then send <see cref="Step.Next"/>.</summary>
    Send,

    /// <summary>
    /// Wait <see cref="Step.Delay"/> (listening, when <see cref="Step.Listen"/>), read the current state from
    /// <see cref="Step.Read"/> (or use <see cref="Step.Carried"/>), then merge.
    /// </summary>
    Merge,

    /// <summary>Read <see cref="Step.Read"/>, then end with it: adopted, or a failure that carries the state (<see cref="Step.Failure"/>).</summary>
    ReadThenEnd,
}

/// <summary>One decision of the write loop's handlers, immutable.</summary>
internal sealed record Step(StepKind Kind)
{
    public HttpResponseMessage? Response { get; init; }

    public ConflictOutcome Outcome { get; init; }

    public ConflictException? Error { get; init; }

    public Attempt? Next { get; init; }

    public TimeSpan Delay { get; init; }

    public bool Listen { get; init; }

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
}
