namespace GroundStation.Telemetry.Influx.LineProtocol;

/// <summary>The unit of the timestamps in a write (the <c>precision</c> parameter of /write).</summary>
public enum WritePrecision
{
    /// <summary>Nanoseconds (<c>ns</c>), the protocol's default.</summary>
    Nanoseconds,

    /// <summary>Microseconds (<c>u</c>).</summary>
    Microseconds,

    /// <summary>Milliseconds (<c>ms</c>).</summary>
    Milliseconds,

    /// <summary>Seconds (<c>s</c>).</summary>
    Seconds,
}

/// <summary>Conversions between <see cref="WritePrecision"/>, query parameters and Unix timestamps.</summary>
public static class WritePrecisionExtensions
{
    /// <summary>The value of the v1 API's <c>precision</c> (write) and <c>epoch</c> (query) parameters.</summary>
    public static string ToQueryValue(this WritePrecision precision) => precision switch
    {
        WritePrecision.Nanoseconds => "ns",
        WritePrecision.Microseconds => "u",
        WritePrecision.Milliseconds => "ms",
        WritePrecision.Seconds => "s",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown write precision."),
    };

    /// <summary>
    /// The Unix timestamp of <paramref name="time"/> in units of <paramref name="precision"/>, truncated towards
    /// negative infinity; false when it does not fit in a signed 64-bit integer (nanoseconds cover 1677-2262).
    /// </summary>
    public static bool TryToUnix(this WritePrecision precision, DateTimeOffset time, out long value)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        switch (precision)
        {
            case WritePrecision.Nanoseconds:
                var nanoseconds = (Int128)ticks * 100;
                if (nanoseconds > long.MaxValue || nanoseconds < long.MinValue)
                {
                    value = 0;
                    return false;
                }

                value = (long)nanoseconds;
                return true;
            case WritePrecision.Microseconds:
                value = FloorDiv(ticks, TimeSpan.TicksPerMicrosecond);
                return true;
            case WritePrecision.Milliseconds:
                value = FloorDiv(ticks, TimeSpan.TicksPerMillisecond);
                return true;
            case WritePrecision.Seconds:
                value = FloorDiv(ticks, TimeSpan.TicksPerSecond);
                return true;
            default:
                throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown write precision.");
        }
    }

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = Math.DivRem(value, divisor, out var remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }
}
