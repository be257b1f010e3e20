using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ConflictClient.Tests.Support;

/// <summary>
/// Azurite, Microsoft's official Azure Storage emulator from the npm registry, running its Table service in memory on
/// loopback: started for the tests that use it and stopped after them. Requests are signed (SharedKeyLite) with the
/// emulator's well-known development account, as Azure's own SDKs do.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    public const string Account = "devstoreaccount1";

    // The emulator's published development key, the same on every machine (not a secret).
    private static readonly byte[] Key = Convert.FromBase64String("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==");

    private NodeServerProcess? _tables;
    private NodeServerProcess? _blobs;

    /// <summary>Gets the Table service's account URI, ending in '/': tables are at <c>{BaseUri}{table}</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Gets the Blob service's account URI, ending in '/': containers are at <c>{BlobUri}{container}</c>.</summary>
    public Uri BlobUri { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var tablePort = FreePort();
        (_tables, _) = await NodeServerProcess.StartAsync(
            "azurite",
            string.Create(CultureInfo.InvariantCulture, $"node_modules/azurite/dist/src/table/main.js --inMemoryPersistence --tableHost 127.0.0.1 --tablePort {tablePort} --skipApiVersionCheck --loose"),
            "Azurite Table service successfully started");
        BaseUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{tablePort}/{Account}/"));

        var blobPort = FreePort();
        (_blobs, _) = await NodeServerProcess.StartAsync(
            "azurite",
            string.Create(CultureInfo.InvariantCulture, $"node_modules/azurite/dist/src/blob/main.js --inMemoryPersistence --blobHost 127.0.0.1 --blobPort {blobPort} --skipApiVersionCheck --loose"),
            "Azurite Blob service successfully listens");
        BlobUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{blobPort}/{Account}/"));
    }

    /// <summary>Creates a container of its own for a test, and returns its name.</summary>
    public async Task<string> CreateContainerAsync()
    {
        var container = $"c{Guid.NewGuid():N}";
        using var http = new HttpClient(new SignBlobRequests { InnerHandler = new SocketsHttpHandler() });
        using var created = await http.PutAsync(new Uri(BlobUri, $"{container}?restype=container"), null);
        created.EnsureSuccessStatusCode();
        return container;
    }

    /// <summary>Creates a table of its own for a test, and returns its name.</summary>
    public async Task<string> CreateTableAsync()
    {
        var table = $"t{Guid.NewGuid():N}";
        using var http = Client();
        using var created = await http.PostAsync(new Uri(BaseUri, "Tables"), new StringContent($$"""{"TableName":"{{table}}"}""", Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();
        return table;
    }

    /// <summary>An HttpClient that signs its requests for the development account.</summary>
    public static HttpClient Client() => new(new SignRequests { InnerHandler = new SocketsHttpHandler() });

    public async ValueTask DisposeAsync()
    {
        foreach (var server in new[] { _tables, _blobs })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Signs every request (SharedKeyLite for the Table service), each attempt and re-fetch afresh.</summary>
    public sealed class SignRequests : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
            var toSign = $"{date}\n/{Account}{request.RequestUri!.AbsolutePath}";
            var signature = Convert.ToBase64String(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(toSign)));
            foreach (var name in (ReadOnlySpan<string>)["x-ms-date", "x-ms-version", "Authorization", "Accept"])
            {
                request.Headers.Remove(name);
            }

            request.Headers.TryAddWithoutValidation("x-ms-date", date);
            request.Headers.TryAddWithoutValidation("x-ms-version", "2019-02-02");
            request.Headers.TryAddWithoutValidation("Authorization", $"SharedKeyLite {Account}:{signature}");
            request.Headers.TryAddWithoutValidation("Accept", "application/json;odata=nometadata");
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Signs every request for the Blob service (SharedKey), each attempt and re-fetch afresh, If-Match included.</summary>
    public sealed class SignBlobRequests : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            foreach (var name in (ReadOnlySpan<string>)["x-ms-date", "x-ms-version", "Authorization"])
            {
                request.Headers.Remove(name);
            }

            request.Headers.TryAddWithoutValidation("x-ms-date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("x-ms-version", "2021-08-06");
            var length = request.Content?.Headers.ContentLength is > 0 and var n ? n.ToString(CultureInfo.InvariantCulture) : string.Empty;
            var headers = string.Concat(request.Headers.NonValidated
                .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                .Select(h => (Name: h.Key.ToLowerInvariant(), Value: h.Value.ToString().Trim()))
                .OrderBy(h => h.Name, StringComparer.Ordinal)
                .Select(h => $"{h.Name}:{h.Value}\n"));
            var resource = $"/{Account}{request.RequestUri!.AbsolutePath}" + string.Concat(request.RequestUri.Query.TrimStart('?')
                .Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .Select(pair => (Name: pair[0].ToLowerInvariant(), Value: Uri.UnescapeDataString(pair.Length > 1 ? pair[1] : string.Empty)))
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => $"\n{p.Name}:{p.Value}"));
            var ifMatch = request.Headers.NonValidated.TryGetValues("If-Match", out var tags) ? tags.ToString() : string.Empty;
            var toSign = string.Join('\n', request.Method.Method, string.Empty, string.Empty, length, string.Empty, request.Content?.Headers.ContentType?.ToString() ?? string.Empty, string.Empty, string.Empty, ifMatch, string.Empty, string.Empty, string.Empty) + "\n" + headers + resource;
            var signature = Convert.ToBase64String(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(toSign)));
            request.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {Account}:{signature}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
