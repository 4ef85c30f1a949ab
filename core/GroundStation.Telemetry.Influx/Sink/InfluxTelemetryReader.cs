using System.Globalization;
using System.Text;
using System.Text.Json;
using GroundStation.Telemetry.Influx.Http;
using GroundStation.Telemetry.Influx.LineProtocol;

namespace GroundStation.Telemetry.Influx.Sink;

/// <summary>Reads back the telemetry <see cref="InfluxTelemetrySink"/> stored, for the core's telemetry query API.</summary>
public sealed class InfluxTelemetryReader
{
    private static readonly FieldKind[] Kinds =
        [FieldKind.FloatValue, FieldKind.IntegerValue, FieldKind.UnsignedValue, FieldKind.BooleanValue, FieldKind.StringValue];

    private readonly InfluxV1Client _client;
    private readonly string _measurement;

    /// <summary>Reads <paramref name="measurement"/> through <paramref name="client"/>.</summary>
    public InfluxTelemetryReader(InfluxV1Client client, string measurement = "telemetry")
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(measurement);
        _client = client;
        _measurement = measurement;
    }

    /// <summary>
    /// The samples of <paramref name="satellite"/> (of one <paramref name="parameter"/> when given) measured in
    /// [<paramref name="from"/>, <paramref name="to"/>), oldest first, at most <paramref name="limit"/>.
    /// </summary>
    /// <exception cref="InfluxException">The query failed.</exception>
    public async Task<IReadOnlyList<TelemetrySample>> ReadAsync(string satellite, string? parameter,
        DateTimeOffset from, DateTimeOffset to, int limit = 10_000, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(satellite);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (!WritePrecision.Nanoseconds.TryToUnix(from, out var fromNs) ||
            !WritePrecision.Nanoseconds.TryToUnix(to, out var toNs))
        {
            throw new ArgumentOutOfRangeException(nameof(from), "The range must lie between the years 1677 and 2262.");
        }

        var query = new StringBuilder("SELECT ")
            .AppendJoin(", ", Kinds.Select(k => InfluxV1Client.QuoteIdentifier(TelemetryPointMapping.FieldKey(k))))
            .Append(", \"parameter\", \"station\", \"pass\" FROM ").Append(InfluxV1Client.QuoteIdentifier(_measurement))
            .Append(" WHERE \"satellite\" = ").Append(InfluxV1Client.QuoteLiteral(satellite));
        if (parameter is not null)
        {
            query.Append(" AND \"parameter\" = ").Append(InfluxV1Client.QuoteLiteral(parameter));
        }

        query.Append(CultureInfo.InvariantCulture, $" AND time >= {fromNs} AND time < {toNs} ORDER BY time ASC LIMIT {limit}");
        var results = await _client.QueryAsync(query.ToString(), WritePrecision.Nanoseconds, cancellationToken)
            .ConfigureAwait(false);
        var samples = new List<TelemetrySample>();
        foreach (var series in results.SelectMany(r => r.Series))
        {
            var fieldColumns = Kinds.Select(k => (Kind: k, Index: series.ColumnIndex(TelemetryPointMapping.FieldKey(k))))
                .Where(c => c.Index >= 0).ToArray();
            var parameterColumn = series.ColumnIndex("parameter");
            var stationColumn = series.ColumnIndex("station");
            var passColumn = series.ColumnIndex("pass");
            foreach (var row in series.Values)
            {
                if (Value(row, fieldColumns) is not { } value)
                {
                    continue;
                }

                var time = DateTimeOffset.UnixEpoch.AddTicks(row[series.ColumnIndex("time")].GetInt64() / 100);
                samples.Add(new TelemetrySample(satellite, Text(row, parameterColumn) ?? string.Empty, value, time,
                    Text(row, stationColumn) ?? string.Empty, Text(row, passColumn)));
            }
        }

        return samples;
    }

    private static FieldValue? Value(IReadOnlyList<JsonElement> row, (FieldKind Kind, int Index)[] columns)
    {
        foreach (var (kind, index) in columns)
        {
            var cell = row[index];
            if (cell.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            return kind switch
            {
                FieldKind.FloatValue => cell.GetDouble(),
                FieldKind.IntegerValue => cell.GetInt64(),
                FieldKind.UnsignedValue => FieldValue.FromUInt64(cell.GetUInt64()),
                FieldKind.BooleanValue => cell.GetBoolean(),
                _ => cell.GetString() ?? string.Empty,
            };
        }

        return null;
    }

    private static string? Text(IReadOnlyList<JsonElement> row, int index) =>
        index >= 0 && row[index].ValueKind == JsonValueKind.String ? row[index].GetString() : null;
}
