namespace ConflictClient.Telemetry;

/// <summary>
/// The names to subscribe to ConflictClient's telemetry: with OpenTelemetry, <c>.AddMeter(ConflictClientTelemetry.MeterName)</c>
/// and <c>.AddSource(ConflictClientTelemetry.ActivitySourceName)</c>. Only writes that meet a conflict are measured.
/// </summary>
/// <remarks>
/// Instruments: <c>conflictclient.conflicts</c> (by <c>conflict.kind</c>, <c>http.response.status_code</c>,
/// <c>http.request.method</c>), <c>conflictclient.resolutions</c>, <c>conflictclient.resolution.attempts</c> and
/// <c>conflictclient.resolution.duration</c> (by <c>conflict.result</c>: the outcome, or the failure's reason),
/// <c>conflictclient.refetches</c>, <c>conflictclient.group_commit.batch_size</c>. One activity,
/// <c>ConflictClient.Resolve</c>, spans each resolution, with an event per conflict. No tag carries a URI.
/// </remarks>
public static class ConflictClientTelemetry
{
    /// <summary>The name of ConflictClient's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = ConflictTelemetry.Name;

    /// <summary>The name of ConflictClient's <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = ConflictTelemetry.Name;
}
