using GroundStation.Messaging.Contracts;

namespace GroundStation.Telemetry;

/// <summary>How a parameter value stands against its limits.</summary>
public enum LimitState
{
    /// <summary>Inside the yellow range, or no limits defined.</summary>
    Nominal,

    /// <summary>Outside the yellow range, inside the red one.</summary>
    Yellow,

    /// <summary>Outside the red range.</summary>
    Red,
}

/// <summary>One decoded parameter value.</summary>
/// <param name="Name">Parameter name, e.g. <c>batteryVoltage</c>.</param>
/// <param name="Value">The value in engineering units.</param>
/// <param name="Unit">The unit (empty for counts and enumerations).</param>
/// <param name="Limit">Where the value stands against the satellite's limits.</param>
public sealed record ParameterValue(string Name, double Value, string Unit, LimitState Limit);

/// <summary>A frame that decoded into parameters.</summary>
/// <param name="FrameId">The edge's stable frame id.</param>
/// <param name="Station">The receiving station.</param>
/// <param name="PassId">The pass it was received in.</param>
/// <param name="ReceivedAt">When the station's TNC delivered it.</param>
/// <param name="SampledAt">When the spacecraft sampled the values (from the frame).</param>
/// <param name="Decoder">The decoder that read it.</param>
/// <param name="Parameters">The values, in the decoder's parameter order.</param>
public sealed record DecodedFrame(
    string FrameId,
    StationId Station,
    string PassId,
    DateTimeOffset ReceivedAt,
    DateTimeOffset SampledAt,
    string Decoder,
    IReadOnlyList<ParameterValue> Parameters)
{
    /// <summary>The value of <paramref name="name"/>, or null when the frame has no such parameter.</summary>
    public ParameterValue? Find(string name)
    {
        foreach (var parameter in Parameters)
        {
            if (string.Equals(parameter.Name, name, StringComparison.Ordinal))
            {
                return parameter;
            }
        }

        return null;
    }
}
