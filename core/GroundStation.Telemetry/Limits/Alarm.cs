using System.Text.Json.Serialization;

namespace GroundStation.Telemetry.Limits;

/// <summary>An out-of-limits condition of one parameter of one satellite.</summary>
/// <param name="AlarmId">The alarm's id.</param>
/// <param name="Norad">The satellite.</param>
/// <param name="Parameter">The parameter.</param>
/// <param name="Severity">The worst level reached while raised.</param>
/// <param name="Value">The value that raised (or last escalated) it.</param>
/// <param name="RaisedAt">The sample time that raised it.</param>
/// <param name="ClearedAt">The sample time the value was back in limits, if it is.</param>
/// <param name="AcknowledgedBy">The operator who acknowledged it.</param>
/// <param name="AcknowledgedAt">When.</param>
/// <param name="FrameId">The frame that raised it.</param>
public sealed record Alarm(
    long AlarmId,
    int Norad,
    string Parameter,
    LimitState Severity,
    double Value,
    DateTimeOffset RaisedAt,
    DateTimeOffset? ClearedAt,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string FrameId)
{
    /// <summary>Active until it has both cleared and been acknowledged.</summary>
    [JsonPropertyName("active")]
    public bool IsActive => ClearedAt is null || AcknowledgedAt is null;
}
