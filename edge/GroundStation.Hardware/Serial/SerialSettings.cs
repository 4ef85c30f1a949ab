namespace GroundStation.Hardware.Serial;

/// <summary>Parity of a serial line.</summary>
public enum SerialParity
{
    /// <summary>No parity bit.</summary>
    None,

    /// <summary>Odd parity.</summary>
    Odd,

    /// <summary>Even parity.</summary>
    Even,
}

/// <summary>Stop bits of a serial line.</summary>
public enum SerialStopBits
{
    /// <summary>One stop bit.</summary>
    One,

    /// <summary>Two stop bits.</summary>
    Two,
}

/// <summary>Framing and speed of a serial line. The defaults are 9600 8N1 without flow control, as GS-232 controllers use.</summary>
public sealed record SerialSettings
{
    private readonly int _baudRate = 9600;
    private readonly int _dataBits = 8;

    /// <summary>Line speed in bits per second; one of the standard termios rates (1200, 2400, 4800, 9600, ... 1000000).</summary>
    public int BaudRate
    {
        get => _baudRate;
        init
        {
            _ = LinuxConstants.SpeedCode(value);
            _baudRate = value;
        }
    }

    /// <summary>Data bits per character, 5 to 8.</summary>
    public int DataBits
    {
        get => _dataBits;
        init => _dataBits = value is >= 5 and <= 8
            ? value
            : throw new ArgumentOutOfRangeException(nameof(DataBits), value, "Data bits are 5, 6, 7 or 8.");
    }

    /// <summary>Parity.</summary>
    public SerialParity Parity { get; init; } = SerialParity.None;

    /// <summary>Stop bits.</summary>
    public SerialStopBits StopBits { get; init; } = SerialStopBits.One;

    /// <summary>RTS/CTS hardware flow control.</summary>
    public bool HardwareFlowControl { get; init; }

    /// <summary>
    /// How long a read waits for the first byte before it fails with <see cref="TimeoutException"/>;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits for ever (cancellation still applies to asynchronous reads).
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = Timeout.InfiniteTimeSpan;
}
