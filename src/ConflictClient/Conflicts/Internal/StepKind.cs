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
    /// Wait <see cref="Step.Delay"/>, read the current state from
    /// <see cref="Step.Read"/> (or use <see cref="Step.Carried"/>), then merge.
    /// </summary>
    Merge,

    /// <summary>Read <see cref="Step.Read"/>, then end with it: adopted, or a failure that carries the state (<see cref="Step.Failure"/>).</summary>
    ReadThenEnd,

    /// <summary>The answer (a 400 or 422) is not a conflict after all: the caller gets it as the server sent it.</summary>
    PassThrough,
}
