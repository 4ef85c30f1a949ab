namespace GroundStation.Frames.Kiss;

/// <summary>The KISS command types (low nibble of the command byte; <see cref="Return"/> is the whole byte 0xFF).</summary>
public enum KissCommand : byte
{
    /// <summary>The rest of the frame is data to send or data received.</summary>
    DataFrame = 0x00,

    /// <summary>Transmitter keyup delay, in 10 ms units.</summary>
    TxDelay = 0x01,

    /// <summary>The persistence parameter p for CSMA, scaled 0-255.</summary>
    Persistence = 0x02,

    /// <summary>Slot interval, in 10 ms units.</summary>
    SlotTime = 0x03,

    /// <summary>Time to hold the transmitter up after the frame, in 10 ms units (obsolete).</summary>
    TxTail = 0x04,

    /// <summary>0 for half duplex, anything else for full duplex.</summary>
    FullDuplex = 0x05,

    /// <summary>Hardware-specific; the TNC defines the meaning.</summary>
    SetHardware = 0x06,

    /// <summary>Leave KISS mode (the whole command byte is 0xFF; there is no port).</summary>
    Return = 0xFF,
}

/// <summary>A KISS port (the high nibble of the command byte): a TNC with several radios numbers them 0-15.</summary>
public readonly record struct KissPort
{
    /// <summary>The highest port number the command byte can carry.</summary>
    public const byte MaxValue = 15;

    /// <summary>Creates a port number; it must be 0-15.</summary>
    public KissPort(byte value)
    {
        if (value > MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"A KISS port is between 0 and {MaxValue}.");
        }

        Value = value;
    }

    /// <summary>Port 0, the only port of a single-radio TNC.</summary>
    public static KissPort Default => default;

    /// <summary>The port number, 0-15.</summary>
    public byte Value { get; }

    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One KISS frame: the port and command of its command byte, and the unescaped payload after it.</summary>
/// <param name="Port">The TNC port the frame is for or came from (ignored for <see cref="KissCommand.Return"/>).</param>
/// <param name="Command">The command type.</param>
/// <param name="Payload">Data for <see cref="KissCommand.DataFrame"/> (an AX.25 frame without FCS, normally); the
/// parameter byte(s) for the other commands.</param>
public sealed record KissFrame(KissPort Port, KissCommand Command, ReadOnlyMemory<byte> Payload)
{
    /// <summary>A data frame on <paramref name="port"/>.</summary>
    public static KissFrame Data(KissPort port, ReadOnlyMemory<byte> payload) => new(port, KissCommand.DataFrame, payload);

    /// <summary>A data frame on port 0.</summary>
    public static KissFrame Data(ReadOnlyMemory<byte> payload) => new(KissPort.Default, KissCommand.DataFrame, payload);
}
