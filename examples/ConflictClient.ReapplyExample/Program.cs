using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Refit;

// Re-apply my change (Kubernetes' RetryOnConflict): a change is a function of the latest state. Eight independent
// workers book seats on one flight at once; on each conflict the booking is applied again to the seat count the
// server has now, so no booking is lost and none is counted twice, and nobody's code handles a 412.
const int workers = 8, bookingsEach = 25;
var server = new VersionedResourceSimulator();
server.Seed("/flights/ZZ100", new JsonObject { ["seatsLeft"] = 300 });

await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
{
    var services = new ServiceCollection();
    services.AddRefitGeneratedClient<IFlightApi>(new RefitSettings(new SystemTextJsonContentSerializer(FlightJson.Default.Options)).UseConflictExceptions())
        .ConfigureHttpClient(c => c.BaseAddress = new Uri("http://flights.example"))
        .ConfigurePrimaryHttpMessageHandler(server.CreateHandler)
        .AddConflictResolution(options => options.MergeStrategy = MergeStrategy.Fail); // only Reapply's change is re-applied
    await using var provider = services.BuildServiceProvider();
    var api = provider.GetRequiredService<IFlightApi>();

    for (var b = 0; b < bookingsEach; b++)
    {
        var booking = $"worker{w}-booking{b}";
        await Reapply.UpdateAsync(
            api,
            get: a => a.GetAsync("ZZ100"),
            put: (a, flight, etag, reapply) => a.PutAsync("ZZ100", flight, etag!, booking, reapply),
            change: flight => flight.SeatsLeft > 0 ? flight with { SeatsLeft = flight.SeatsLeft - 1 } : null,
            serializerOptions: FlightJson.Default.Options);
    }
})));

var seatsLeft = server.Current("/flights/ZZ100")["seatsLeft"]!.GetValue<int>();
var bookings = Enumerable.Range(0, workers * bookingsEach).Select(n => $"worker{n / bookingsEach}-booking{n % bookingsEach}").ToList();
var lost = server.LostOperations(bookings).Count;
var doubled = server.DoubledOperations().Count;
Console.WriteLine($"Seats left: {seatsLeft} (expected {300 - (workers * bookingsEach)}); conflicts answered: {server.RejectedWrites}");
Console.WriteLine($"Bookings lost: {lost}, applied twice: {doubled}");
return seatsLeft == 300 - (workers * bookingsEach) && lost == 0 && doubled == 0 ? 0 : 1;

public sealed record Flight(int SeatsLeft);

/// <summary>The example's JSON, generated at build time: Refit 17 needs it (16.4 takes it too), and it is trim- and AOT-safe.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Flight))]
public sealed partial class FlightJson : JsonSerializerContext;


public interface IFlightApi
{
    [Get("/flights/{code}")]
    Task<ApiResponse<Flight>> GetAsync(string code);

    [Put("/flights/{code}")]
    Task<Flight> PutAsync(string code, [Body] Flight flight, [Header("If-Match")] string ifMatch, [Header("X-Operation-Id")] string booking,
        [Property(ConflictRequestOptions.ReapplyKey)] ReapplyRequest reapply);
}
