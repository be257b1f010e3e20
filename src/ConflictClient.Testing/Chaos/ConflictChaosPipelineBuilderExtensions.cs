using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text;
using Polly;
using Polly.Simmy;
using Polly.Simmy.Outcomes;

namespace ConflictClient.Testing;

/// <summary>Adds conflict chaos to a resilience pipeline, built on Polly's chaos outcome strategy.</summary>
public static class ConflictChaosPipelineBuilderExtensions
{
    /// <summary>
    /// Answers a share of writes with a conflict instead of sending them, as Polly's chaos strategies inject faults.
    /// Place it inside the conflict-resolution strategy (after it in the builder, or in a handler added after
    /// <c>AddConflictResolution</c>), so the conflicts it injects are resolved.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="options">What to inject; validated here.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ValidationException">The options are invalid; the message names the option.</exception>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddChaosConflict(this ResiliencePipelineBuilder<HttpResponseMessage> builder, ConflictChaosOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);

        var shouldInject = options.ShouldInject ?? ConflictChaosOptions.IsConditionalUpdate;
        var enabled = options.Enabled; // Polly consults only the generator once one is set
        var status = options.StatusCode;
        var onInjected = options.OnConflictInjected;
        var chaos = new ChaosOutcomeStrategyOptions<HttpResponseMessage>
        {
            Name = "ConflictChaos",
            InjectionRate = options.InjectionRate,
            Enabled = options.Enabled,
            EnabledGenerator = args => ValueTask.FromResult(enabled && args.Context.GetRequestMessage() is { } request && shouldInject(request)),
            OutcomeGenerator = args => ValueTask.FromResult<Outcome<HttpResponseMessage>?>(Outcome.FromResult(InjectedConflict(args.Context.GetRequestMessage()!, status))),
            OnOutcomeInjected = onInjected is null ? null : args => onInjected(new OnConflictInjectedArguments(args.Context, args.Context.GetRequestMessage()!)),
        };
        if (options.Randomizer is { } randomizer)
        {
            chaos.Randomizer = randomizer;
        }

        return builder.AddChaosOutcome(chaos);
    }

    internal static void Validate(ConflictChaosOptions options)
    {
        if (options.InjectionRate is < 0 or > 1 || double.IsNaN(options.InjectionRate))
        {
            throw new ValidationException($"ConflictChaosOptions.InjectionRate must be between 0 and 1; it is {options.InjectionRate}.");
        }

        if (options.StatusCode is not (HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed))
        {
            throw new ValidationException($"ConflictChaosOptions.StatusCode must be 409 or 412; it is {(int)options.StatusCode}.");
        }
    }

    private static HttpResponseMessage InjectedConflict(HttpRequestMessage request, HttpStatusCode status) => new(status)
    {
        RequestMessage = request,
        Content = new StringContent(
            $$"""{"type":"https://conflictclient.test/problems/injected-conflict","title":"Concurrent update (injected by ConflictClient.Testing)","status":{{(int)status}}}""",
            Encoding.UTF8,
            "application/problem+json"),
    };
}
