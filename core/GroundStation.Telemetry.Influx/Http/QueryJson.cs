using System.Text.Json;
using System.Text.Json.Serialization;

namespace GroundStation.Telemetry.Influx.Http;

// The v1 /query and error bodies, as the server sends them; mapped onto the public records by the client.
internal sealed class QueryResponseJson
{
    [JsonPropertyName("results")]
    public List<StatementJson>? Results { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}

internal sealed class StatementJson
{
    [JsonPropertyName("statement_id")]
    public int StatementId { get; set; }

    [JsonPropertyName("series")]
    public List<SeriesJson>? Series { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}

internal sealed class SeriesJson
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("tags")]
    public Dictionary<string, string>? Tags { get; set; }

    [JsonPropertyName("columns")]
    public List<string>? Columns { get; set; }

    [JsonPropertyName("values")]
    public List<List<JsonElement>>? Values { get; set; }
}

internal sealed class ErrorJson
{
    [JsonPropertyName("error")]
    public string? Error { get; set; }

    // InfluxDB 2.x/3.x put the text in "message".
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    // InfluxDB 2.x names the first refused line's number.
    [JsonPropertyName("line")]
    public int? Line { get; set; }
}

[JsonSerializable(typeof(QueryResponseJson))]
[JsonSerializable(typeof(ErrorJson))]
internal sealed partial class InfluxJsonContext : JsonSerializerContext;
