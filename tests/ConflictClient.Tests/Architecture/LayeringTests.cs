using System.Reflection;
using ConflictClient.Conflicts;

namespace ConflictClient.Tests.Architecture;

/// <summary>
/// The layers of docs/architecture.md, read from the compiled library: a layer uses only the layers below it, so
/// there is no cycle and every capability can be understood (and tested) without the ones above it.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>Lowest first. Telemetry and Reporting are primitives like Json: names and report shapes, no HTTP.</summary>
    private static readonly string[] Layers =
    [
        "Json",
        "Telemetry",
        "Reporting",
        "Http",
        "Versioning",
        "Merging",
        "Conflicts",
        "Profiles",
        "DependencyInjection",
    ];

    private static readonly Assembly Library = typeof(ConflictResolutionStrategyOptions).Assembly;

    [Fact]
    public void Layers_EveryTypeOfTheLibrary_UsesOnlyItsOwnOrLowerLayers()
    {
        var violations = new List<string>();
        foreach (var type in Library.GetTypes())
        {
            var layer = LayerOf(type);
            if (layer is null)
            {
                continue;
            }

            foreach (var used in TypeReferences.Of(type))
            {
                var usedLayer = LayerOf(used);
                if (usedLayer > layer)
                {
                    violations.Add($"{type.FullName} ({Layers[layer.Value]}) uses {used.FullName} ({Layers[usedLayer.Value]})");
                }
            }
        }

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations.Distinct().Order()));
    }

    [Fact]
    public void Layers_EveryNamespaceOfTheLibrary_HasALayer()
    {
        // Source generators (options validation, configuration binding, logging) add types of their own; ours all have a layer.
        var unplaced = Library.GetTypes()
            .Where(type => type.Namespace is { } ns && IsOurs(ns) && LayerOf(type) is null)
            .Select(type => type.FullName)
            .ToList();

        Assert.Empty(unplaced);
    }

    [Fact]
    public void Layers_ThePrimitives_UseNoPolly()
    {
        var offending = Uses(layer => layer <= Array.IndexOf(Layers, "Reporting"), ns => ns.StartsWith("Polly", StringComparison.Ordinal));

        Assert.Empty(offending);
    }

    [Fact]
    public void Layers_JsonAndReporting_UseNoHttp()
    {
        var offending = Uses(layer => Layers[layer] is "Json" or "Reporting", ns => ns.StartsWith("System.Net", StringComparison.Ordinal));

        Assert.Empty(offending);
    }

    [Fact]
    public void TypeReferences_OfAMethodBody_AreFound()
    {
        // Guards the IL reader: HttpOrigin appears in no signature of AnswerHandler, only in its method bodies.
        var used = TypeReferences.Of(typeof(AnswerHandler));

        Assert.Contains(typeof(ConflictClient.Http.HttpOrigin), used);
        Assert.Contains(typeof(RetryPlan), used);
        Assert.DoesNotContain(typeof(ConflictClient.DependencyInjection.ConflictResolutionHandler), used);
    }

    [Fact]
    public void Layers_DependencyInjection_UsesTheEngineBelowIt()
    {
        // Guards the rule itself: DI really uses the engine, so the same check with the layers swapped would fail.
        var pipelines = typeof(ConflictClient.DependencyInjection.ConflictResolutionPipelines);

        Assert.Contains(TypeReferences.Of(pipelines), used => LayerOf(used) == Array.IndexOf(Layers, "Conflicts"));
        Assert.True(LayerOf(pipelines) > Array.IndexOf(Layers, "Conflicts"));
    }

    [Fact]
    public void LayerOf_TheTestsOwnTypes_AreNotPlaced()
    {
        // The rule must see the library's types only: a type from elsewhere that happens to share a name is no layer.
        Assert.Null(LayerOf(typeof(LayeringTests)));
        Assert.Equal(Array.IndexOf(Layers, "Conflicts"), LayerOf(typeof(ConflictResolutionStrategyOptions)));
    }

    private static List<string> Uses(Func<int, bool> inLayer, Func<string, bool> forbidden) => Library.GetTypes()
        .Where(type => LayerOf(type) is { } layer && inLayer(layer))
        .SelectMany(type => TypeReferences.Of(type).Select(used => (type, used)))
        .Where(pair => pair.used.Namespace is { } ns && forbidden(ns))
        .Select(pair => $"{pair.type.FullName} uses {pair.used.FullName}")
        .Distinct()
        .ToList();

    private static bool IsOurs(string ns) =>
        ns.StartsWith("ConflictClient", StringComparison.Ordinal) || ns is "Polly" or "Microsoft.Extensions.DependencyInjection";

    private static int? LayerOf(Type type)
    {
        if (type.Assembly != Library)
        {
            return null;
        }

        var name = type.Namespace switch
        {
            // The builder extension lives in Polly's namespace so it is found where Polly users look; it is the engine.
            "Polly" => "Conflicts",
            "Microsoft.Extensions.DependencyInjection" => "DependencyInjection",
            { } ns when ns.StartsWith("ConflictClient.", StringComparison.Ordinal) => ns["ConflictClient.".Length..],
            _ => null,
        };

        var index = name is null ? -1 : Array.IndexOf(Layers, name);
        return index < 0 ? null : index;
    }
}
