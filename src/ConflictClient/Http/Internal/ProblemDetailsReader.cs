using System.Text.Json;

namespace ConflictClient.Http;

/// <summary>Reads RFC 9457 problem details from a response body, tolerating servers that label them plain JSON.</summary>
internal static class ProblemDetailsReader
{
    public static ConflictProblemDetails? TryRead(Representation? representation)
    {
        // JSON is read whatever it is labelled (real servers serve it as text/plain), and only when it looks like JSON.
        if (representation is null || representation.Body.AsSpan().TrimStart(" \t\r\n"u8) is not [(byte)'{', ..])
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(representation.Body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? type = null, title = null, detail = null, instance = null;
            int? status = null;
            var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "type" when property.Value.ValueKind == JsonValueKind.String:
                        type = property.Value.GetString();
                        break;
                    case "title" when property.Value.ValueKind == JsonValueKind.String:
                        title = property.Value.GetString();
                        break;
                    case "detail" when property.Value.ValueKind == JsonValueKind.String:
                        detail = property.Value.GetString();
                        break;
                    case "instance" when property.Value.ValueKind == JsonValueKind.String:
                        instance = property.Value.GetString();
                        break;
                    // Kubernetes' Status object has "status": "Failure": only a number is an HTTP status.
                    case "status" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var code):
                        status = code;
                        break;
                    default:
                        extensions[property.Name] = property.Value.Clone();
                        break;
                }
            }

            // A plain JSON body is only taken as problem details when it looks like one.
            var isProblemMediaType = representation.MediaType?.EndsWith("problem+json", StringComparison.OrdinalIgnoreCase) == true;
            if (!isProblemMediaType && type is null && title is null)
            {
                return null;
            }

            return new ConflictProblemDetails
            {
                Type = type,
                Title = title,
                Status = status,
                Detail = detail,
                Instance = instance,
                Extensions = extensions,
            };
        }
        catch (Exception e) when (UntrustedJson.IsReadFailure(e))
        {
            return null;
        }
    }
}
