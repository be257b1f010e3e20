using System.Text;
using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Json;

namespace ConflictClient.Versioning;

/// <summary>
/// Versions in the query string (<c>?rev=</c>, <c>?if_seq_no=&amp;if_primary_term=</c>, <c>?ifGenerationMatch=</c>),
/// one or several parameters, each read from a JSON Pointer into the current representation. A retry gets the current
/// values; the re-fetch goes to the URI without them (with them, some servers return the old revision).
/// </summary>
internal sealed class QueryVersionSource : VersionSource
{
    private readonly (string Parameter, JsonPointer? Pointer, string PointerText)[] _parts;
    private readonly string? _error;
    private readonly string? _createOnlyValue;

    /// <param name="parts">Each parameter and the pointer of its value.</param>
    /// <param name="createOnlyValue">A value that means "only if absent" rather than a version (Google's <c>ifGenerationMatch=0</c>).</param>
    public QueryVersionSource(IReadOnlyList<(string Parameter, string Pointer)> parts, string? createOnlyValue = null)
    {
        _createOnlyValue = createOnlyValue;
        _parts = new (string, JsonPointer?, string)[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            var (parameter, pointerText) = parts[i];
            if (string.IsNullOrWhiteSpace(parameter))
            {
                _error ??= "a query parameter name is empty";
            }

            _ = JsonPointer.TryParseMember(pointerText, out var pointer, out var error);
            _error ??= error;
            _parts[i] = (parameter, pointer, pointerText);
        }

        _error ??= parts.Count == 0 ? "name at least one query parameter and the JSON Pointer its value is read from" : null;
    }

    internal override bool WritesBody => false;

    internal override IReadOnlyList<string> Pointers => [.. _parts.Where(p => p.Pointer is not null).Select(p => p.PointerText)];

    internal override string? Validate() => _error is null ? null : $"VersionSource.Query: {_error}.";

    internal override bool Carries(Uri requestUri, byte[]? body) => _parts.All(p => Value(requestUri, p.Parameter) is not null) && !IsCreateOnly(requestUri);

    internal override bool IsCreateOnly(Uri requestUri) => _createOnlyValue is not null && _parts.All(p => Value(requestUri, p.Parameter) == _createOnlyValue);

    internal override VersionToken ReadLocal(RequestSnapshot request, JsonNode? localJson) =>
        Carries(request.RequestUri, null) ? Token([.. _parts.Select(p => Value(request.RequestUri, p.Parameter)!)]) : default;

    internal override bool TryReadRemote(Representation remote, Func<JsonNode?> remoteJson, out VersionToken version)
    {
        version = default;
        var values = new string[_parts.Length];
        for (var i = 0; i < _parts.Length; i++)
        {
            if (_parts[i].Pointer is not { } pointer || !pointer.TryGet(remoteJson(), out var node) || !VersionToken.TryFromJson(node, out var token))
            {
                return false;
            }

            values[i] = token.Value;
        }

        version = Token(values);
        return true;
    }

    internal override string MissingVersionWhere =>
        $"no string or number at {string.Join(", ", _parts.Select(p => $"'{p.PointerText}' (for ?{p.Parameter}=)"))} in the body";

    internal override string MissingVersionHint => "Check the pointers given to VersionSource.Query.";

    internal override string? IfMatchFor(Representation remote, VersionToken version) => null;

    internal override Uri ResourceUriOf(Uri requestUri) => WithQuery(requestUri, _parts.Select(p => (p.Parameter, (string?)null)));

    internal override Uri Retarget(Uri target, VersionToken version)
    {
        var values = Values(version);
        return WithQuery(target, _parts.Select((p, i) => (p.Parameter, (string?)values[i])));
    }

    /// <summary>
    /// One token for the parameters' values, exact for every string: a single parameter's value as it is; several as
    /// <c>name=value&amp;…</c>, with <c>%</c>, <c>&amp;</c> and <c>=</c> escaped in each, so no value can run into the next.
    /// </summary>
    private VersionToken Token(string[] values) =>
        VersionToken.FromString(_parts.Length == 1 ? values[0] : string.Join('&', _parts.Select((p, i) => $"{Escape(p.Parameter)}={Escape(values[i])}")));

    private string[] Values(VersionToken version)
    {
        if (_parts.Length == 1)
        {
            return [version.Value];
        }

        var pairs = version.Value.Split('&');
        if (pairs.Length != _parts.Length)
        {
            throw new InvalidOperationException($"The version '{version.Value}' does not hold the {_parts.Length} query parameters of this version source.");
        }

        return [.. pairs.Select(pair => Unescape(pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]))];
    }

    private static string Escape(string text) =>
        text.AsSpan().IndexOfAny('%', '&', '=') < 0 ? text : text.Replace("%", "%25", StringComparison.Ordinal).Replace("&", "%26", StringComparison.Ordinal).Replace("=", "%3D", StringComparison.Ordinal);

    private static string Unescape(string text) =>
        !text.Contains('%', StringComparison.Ordinal) ? text : text.Replace("%3D", "=", StringComparison.Ordinal).Replace("%26", "&", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal);

    /// <summary>The parameter's value in <paramref name="uri"/>'s query, unescaped; null when absent.</summary>
    private static string? Value(Uri uri, string parameter)
    {
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            if (name == parameter)
            {
                return equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }

        return null;
    }

    /// <summary>The URI with these parameters set (or removed, for null), every other part of the query kept byte for byte (a SAS signature).</summary>
    private static Uri WithQuery(Uri uri, IEnumerable<(string Parameter, string? Value)> changes)
    {
        var changed = changes.ToList();
        var kept = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !changed.Any(c => Uri.UnescapeDataString(pair.Split('=')[0]) == c.Parameter));
        var query = new StringBuilder(string.Join('&', kept));
        foreach (var (parameter, value) in changed.Where(c => c.Value is not null))
        {
            query.Append(query.Length > 0 ? "&" : string.Empty).Append(Uri.EscapeDataString(parameter)).Append('=').Append(Uri.EscapeDataString(value!));
        }

        return new UriBuilder(uri) { Query = query.ToString() }.Uri;
    }
}
