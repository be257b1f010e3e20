using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml;

namespace ConflictClient.Http;

/// <summary>
/// Reads the common error vocabularies of real APIs from a response, safely: a member of an unexpected type is
/// ignored, never thrown on; markup is parsed as XML, never scanned as text; only the values read become words.
/// </summary>
internal static class ErrorVocabulary
{
    /// <summary>Error-code headers, in the order they are trusted.</summary>
    private static readonly string[] CodeHeaders = ["x-ms-error-code", "x-amzn-ErrorType", "x-error-code", "x-amz-error-code"];

    /// <summary>Members holding an application error code, most specific first.</summary>
    private static readonly string[] CodeMembers = ["code", "errorCode", "error_code", "reason", "status", "type", "error", "error_summary"];

    /// <summary>Members only an error document has (a resource may well have a title or a status).</summary>
    private static readonly string[] ErrorMembers = ["error", "errors", "odata.error", "message", "detail", "reason", "errorMessage", "errorCode", "error_code", "error_description", "code", "issue", "error_summary"];

    /// <summary>Members holding a message.</summary>
    private static readonly string[] MessageMembers = ["message", "detail", "errorMessage", "error_description", "reason", "title", "value", "diagnostics"];

    public static ServerError Read(Representation? body, IEnumerable<KeyValuePair<string, HeaderStringValues>>? headers)
    {
        var found = new ErrorWords();
        if (headers is not null)
        {
            foreach (var (name, values) in headers)
            {
                if (Array.FindIndex(CodeHeaders, h => h.Equals(name, StringComparison.OrdinalIgnoreCase)) >= 0)
                {
                    // AWS appends ":" and a URI to x-amzn-ErrorType.
                    found.Code(values.ToString().Split(':')[0].Trim(), priority: 0);
                }
            }
        }

        if (body is { Body.Length: > 0 })
        {
            var text = body.Body.AsSpan().TrimStart(" \t\r\n\uFEFF"u8);
            if (text.Length > 0 && text[0] is (byte)'{' or (byte)'[')
            {
                ReadJson(body.Body, body.MediaType?.EndsWith("problem+json", StringComparison.OrdinalIgnoreCase) == true, found);
            }
            else if (text.Length > 0 && text[0] == (byte)'<')
            {
                ReadXml(body.Body, found);
            }
        }

        return found.ToServerError();
    }

    private static void ReadJson(byte[] utf8, bool isProblem, ErrorWords found)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 32 });
            if (isProblem || IsErrorDocument(document.RootElement))
            {
                Walk(document.RootElement, found, depth: 1);
            }
        }
        catch (Exception e) when (UntrustedJson.IsReadFailure(e))
        {
            // Not JSON after all: nothing to read.
        }
    }

    /// <summary>
    /// Whether a JSON body is an error document rather than a resource that merely has a <c>title</c> or a <c>status</c>
    /// (a 409 may carry the current state): it has a member only error documents have.
    /// </summary>
    private static bool IsErrorDocument(JsonElement root) => root.ValueKind switch
    {
        JsonValueKind.Object => ErrorMembers.Any(name => root.TryGetProperty(name, out _)) ||
            (root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "Status") ||
            (root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && root.TryGetProperty("title", out _)),
        JsonValueKind.Array => root.EnumerateArray().Take(4).Any(IsErrorDocument),
        _ => false,
    };

    private static void Walk(JsonElement element, ErrorWords found, int depth)
    {
        if (depth > 4)
        {
            return;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            // Salesforce answers [{errorCode, message}], JSON:API and GitHub errors[] hold objects, Vault holds strings.
            foreach (var item in element.EnumerateArray().Take(4))
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    found.Message(item.GetString(), priority: depth + 1);
                }
                else
                {
                    Walk(item, found, depth + 1);
                }
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        // Nested error objects are more specific than the envelope around them.
        // FHIR's OperationOutcome holds its codes and diagnostics in issue[].
        foreach (var name in (ReadOnlySpan<string>)["error", "odata.error", "errors", "root_cause", "issue", "reason"])
        {
            if (element.TryGetProperty(name, out var nested) && nested.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                Walk(nested, found, depth + 1);
            }
        }

        // A tagged union (Dropbox: {".tag": "path", "path": {".tag": "conflict", ...}}): each tag is a code, the
        // innermost the most specific, and the member the tag names holds the next level.
        if (element.TryGetProperty(".tag", out var tag) && tag.ValueKind == JsonValueKind.String && tag.GetString() is { } tagName)
        {
            found.Code(tagName, priority: ((10 - depth) * 10) + CodeMembers.Length);
            if (element.TryGetProperty(tagName, out var union) && union.ValueKind == JsonValueKind.Object)
            {
                Walk(union, found, depth + 1);
            }
        }

        // Field errors ({"errors":{"email":["has already been taken"]}}, GitLab's "message" object): their texts are messages.
        foreach (var name in (ReadOnlySpan<string>)["errors", "message"])
        {
            if (element.TryGetProperty(name, out var fields) && fields.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in fields.EnumerateObject().Take(8))
                {
                    if (field.Value.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var text in field.Value.EnumerateArray().Take(4).Where(t => t.ValueKind == JsonValueKind.String))
                        {
                            found.Message($"{field.Name} {text.GetString()}", priority: depth + 1);
                        }
                    }
                }
            }
        }

        var isStatusObject = element.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "Status";
        for (var i = 0; i < CodeMembers.Length; i++)
        {
            var name = CodeMembers[i];
            if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String &&
                !(name == "status" && (isStatusObject || IsNumber(value.GetString()))) && !(name == "type" && IsUri(value.GetString())))
            {
                // Lower numbers win: a deeper object's code beats its envelope's, and "code" beats "reason".
                found.Code(value.GetString(), priority: ((10 - depth) * 10) + i);
            }
        }

        foreach (var name in MessageMembers)
        {
            if (element.TryGetProperty(name, out var value))
            {
                if (value.ValueKind == JsonValueKind.String)
                {
                    found.Message(value.GetString(), priority: depth);
                }
                else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("value", out var inner) && inner.ValueKind == JsonValueKind.String)
                {
                    // OData: "message": { "lang": "en-US", "value": "…" }
                    found.Message(inner.GetString(), priority: depth);
                }
            }
        }
    }

    private static bool IsUri(string? text) => text is not null && text.Contains(':', StringComparison.Ordinal);

    private static bool IsNumber(string? text) => text is { Length: > 0 } && text.All(char.IsAsciiDigit);

    private static void ReadXml(byte[] utf8, ErrorWords found)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = utf8.Length * 2L + 1024 };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(utf8, writable: false), settings);
            string? element = null;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    element = reader.LocalName;
                }
                else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && element is not null)
                {
                    if (element.Equals("Code", StringComparison.OrdinalIgnoreCase))
                    {
                        found.Code(reader.Value.Trim(), priority: 1);
                    }
                    else if (element.Equals("Message", StringComparison.OrdinalIgnoreCase))
                    {
                        found.Message(reader.Value.Trim(), priority: 1);
                    }
                }
            }
        }
        catch (XmlException)
        {
            // Markup that is not well-formed XML (an HTML error page) says nothing readable.
        }
    }
}
