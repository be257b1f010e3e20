using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ConflictClient.Merging;

/// <summary>
/// Serializer options and type metadata for typed merges. Reflection is used only where the application allows it
/// (<see cref="JsonSerializer.IsReflectionEnabledByDefault"/>, off under native AOT); otherwise the caller's options must
/// carry source-generated metadata, and a type without it fails with a message that says so.
/// </summary>
internal static class JsonDefaults
{
    /// <summary>Gets the web defaults (camelCase, as Refit's), resolving types by reflection only where it is enabled.</summary>
    public static JsonSerializerOptions Web { get; } = CreateWeb();

    /// <summary>Returns <paramref name="options"/> (or <see cref="Web"/>) ready to hand out type metadata.</summary>
    public static JsonSerializerOptions Prepare(JsonSerializerOptions? options)
    {
        if (options is null)
        {
            return Web;
        }

        if (!options.IsReadOnly)
        {
            MakeReadOnly(options);
        }

        return options;
    }

    /// <summary>Gets the metadata of <typeparamref name="T"/>, or explains how to provide it.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions? options) => (JsonTypeInfo<T>)TypeInfo(typeof(T), options);

    /// <summary>Gets the metadata of <paramref name="type"/>, or explains how to provide it.</summary>
    public static JsonTypeInfo TypeInfo(Type type, JsonSerializerOptions? options)
    {
        var prepared = Prepare(options);
        try
        {
            return prepared.GetTypeInfo(type);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"No JSON metadata for type '{type.FullName}': the serializer options' TypeInfoResolver does not include it, or " +
                "reflection-based serialization is disabled in this application (native AOT or trimming). Pass serializer options whose " +
                "TypeInfoResolver includes this type, such as a source-generated JsonSerializerContext " +
                "(new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = MyJsonContext.Default }).",
                e);
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The reflection resolver is used only when the application enables reflection-based serialization.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The reflection resolver is used only when the application enables reflection-based serialization.")]
    private static JsonSerializerOptions CreateWeb()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = JsonSerializer.IsReflectionEnabledByDefault ? new DefaultJsonTypeInfoResolver() : JsonTypeInfoResolver.Combine(),
        };
        options.MakeReadOnly();
        return options;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "A missing resolver is filled by reflection only when the application enables reflection-based serialization.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "A missing resolver is filled by reflection only when the application enables reflection-based serialization.")]
    private static void MakeReadOnly(JsonSerializerOptions options)
    {
        if (options.TypeInfoResolver is null && !JsonSerializer.IsReflectionEnabledByDefault)
        {
            options.TypeInfoResolver = JsonTypeInfoResolver.Combine();
        }

        options.MakeReadOnly(populateMissingResolver: true);
    }
}
