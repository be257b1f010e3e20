using System.Text.Json.Nodes;

namespace ConflictClient.Json;

/// <summary>One parsed operation of a JSON Patch (RFC 6902): what it does, where, and with which value.</summary>
/// <param name="Kind">The operation.</param>
/// <param name="Path">The target location.</param>
/// <param name="From">The source location of <c>move</c> and <c>copy</c>; null for the others.</param>
/// <param name="Value">The value of <c>add</c>, <c>replace</c> and <c>test</c> (a JSON null is a null node).</param>
internal sealed record JsonPatchOperation(JsonPatchOperationKind Kind, JsonPointer Path, JsonPointer? From, JsonNode? Value);
