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

    private NodeServerProcess? _server;

    /// <summary>Gets the account's URI, ending in '/': tables are at <c>{BaseUri}{table}</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var port = FreePort();
        (_server, _) = await NodeServerProcess.StartAsync(
            "azurite",
            string.Create(CultureInfo.InvariantCulture, $"node_modules/azurite/dist/src/table/main.js --inMemoryPersistence --tableHost 127.0.0.1 --tablePort {port} --skipApiVersionCheck --loose"),
            "Azurite Table service successfully started");
        BaseUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/{Account}/"));
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
        if (_server is not null)
        {
            await _server.DisposeAsync();
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
}
