using GroundStation.Frames.Kiss;

namespace GroundStation.Hardware.Tnc;

/// <summary>Settings of a <see cref="KissTnc"/>; the defaults suit Dire Wolf, soundmodem and gr-satellites.</summary>
public sealed record KissTncOptions
{
    /// <summary>The conventional KISS-over-TCP port of Dire Wolf and gr-satellites.</summary>
    public const int DefaultTcpPort = 8001;

    /// <summary>Largest KISS frame (command byte plus payload) accepted.</summary>
    public int MaxFrameLength { get; init; } = KissFraming.DefaultMaxFrameLength;

    /// <summary>Frames held for a slow reader before the TNC stops reading from the link (back-pressure, no loss).</summary>
    public int ReceiveCapacity { get; init; } = 1024;

    /// <summary>Time allowed for a TCP connect.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait before reconnecting; doubled after each failure up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan InitialReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between reconnect attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (MaxFrameLength < 16)
        {
            throw new ArgumentException($"{nameof(MaxFrameLength)} must be at least 16; it is {MaxFrameLength}.");
        }

        if (ReceiveCapacity < 1)
        {
            throw new ArgumentException($"{nameof(ReceiveCapacity)} must be at least 1; it is {ReceiveCapacity}.");
        }

        if (ConnectTimeout <= TimeSpan.Zero || InitialReconnectDelay <= TimeSpan.Zero || MaxReconnectDelay < InitialReconnectDelay)
        {
            throw new ArgumentException(
                $"{nameof(ConnectTimeout)} and {nameof(InitialReconnectDelay)} must be positive and " +
                $"{nameof(MaxReconnectDelay)} at least {nameof(InitialReconnectDelay)}.");
        }
    }
}
