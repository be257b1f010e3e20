using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace ConflictClient.Json;

/// <summary>
/// Three-way merge options for a typed model: rules and per-property merge delegates addressed by property expressions
/// (<c>x =&gt; x.Address.City</c>), mapped to JSON names by the API's serializer options. Everything else is merged by
/// the JSON engine.
/// </summary>
/// <typeparam name="T">The resource type.</typeparam>
public sealed class JsonMergeOptions<T> : JsonMergeOptions
{
    private readonly JsonSerializerOptions _serializerOptions;

    internal JsonMergeOptions(JsonSerializerOptions serializerOptions) => _serializerOptions = serializerOptions;

    /// <summary>Adds (or returns) the rule for a property.</summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="property">The property, such as <c>x =&gt; x.Stock</c>.</param>
    /// <returns>The rule, to configure.</returns>
    public JsonMergePathRule At<TProperty>(Expression<Func<T, TProperty>> property) => At(PointerOf(property));

    /// <summary>
    /// Merges a property with a delegate of my own whenever both sides changed it differently: it receives the base,
    /// local and remote values (<see langword="default"/> where missing) and returns the value to write. The property is
    /// treated as one value; the rest of the document is merged by the JSON engine.
    /// </summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="property">The property, such as <c>x =&gt; x.Title</c>.</param>
    /// <param name="merge">(base, local, remote) =&gt; merged.</param>
    /// <returns>These options.</returns>
    public JsonMergeOptions<T> Property<TProperty>(Expression<Func<T, TProperty>> property, Func<TProperty?, TProperty?, TProperty?, TProperty?> merge)
    {
        ArgumentNullException.ThrowIfNull(merge);
        At(property).AsAtomic().Resolve(conflict =>
        {
            var merged = merge(Read<TProperty>(conflict.Base), Read<TProperty>(conflict.Local), Read<TProperty>(conflict.Remote));
            return JsonMergeResolution.Use(JsonSerializer.SerializeToNode(merged, (JsonTypeInfo<TProperty?>)_serializerOptions.GetTypeInfo(typeof(TProperty))));
        });
        return this;
    }

    private TProperty? Read<TProperty>(JsonMergeValue value) =>
        value.Value is null ? default : value.Value.Deserialize((JsonTypeInfo<TProperty>)_serializerOptions.GetTypeInfo(typeof(TProperty)));

    private string PointerOf(LambdaExpression property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var names = new Stack<string>();
        var expression = property.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : property.Body;
        while (expression is MemberExpression member)
        {
            names.Push(JsonPointer.Escape(JsonName(member.Expression!.Type, member.Member)));
            expression = member.Expression;
        }

        if (expression is not ParameterExpression || names.Count == 0)
        {
            throw new ArgumentException($"'{property}' must be a chain of properties of {typeof(T).Name}, such as x => x.Address.City.", nameof(property));
        }

        return "/" + string.Join('/', names);
    }

    private string JsonName(Type owner, MemberInfo member)
    {
        var info = _serializerOptions.GetTypeInfo(owner);
        foreach (var candidate in info.Properties)
        {
            if (candidate.AttributeProvider is MemberInfo declared && declared.Name == member.Name)
            {
                return candidate.Name;
            }
        }

        throw new ArgumentException($"{owner.Name}.{member.Name} is not serialized with these JsonSerializerOptions, so it has no path in the JSON document.");
    }
}
