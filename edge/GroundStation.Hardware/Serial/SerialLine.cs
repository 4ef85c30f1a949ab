using System.Globalization;

namespace GroundStation.Hardware.Serial;

/// <summary>
/// A serial line on a Linux tty: a USB-serial adapter, a UART, or a pseudo-terminal. Opened with open(2) and
/// configured with termios (raw mode, speed, framing), it stands in for System.IO.Ports, which cannot be used here.
/// Reads wait with poll(2), so a timeout or a cancellation never leaves a thread blocked in read(2).
/// </summary>
public sealed class SerialLine : IDisposable
{
    private readonly TtyHandle _handle;
    private readonly TtyStream _stream;

    private SerialLine(TtyHandle handle, string name, SerialSettings settings)
    {
        _handle = handle;
        Name = name;
        Settings = settings;
        _stream = new TtyStream(handle, name) { ReadTimeout = ToMilliseconds(settings.ReadTimeout) };
    }

    /// <summary>The device path (or a description for an adopted descriptor).</summary>
    public string Name { get; }

    /// <summary>The settings applied to the line.</summary>
    public SerialSettings Settings { get; }

    /// <summary>The byte stream of the line. Reads honour <see cref="SerialSettings.ReadTimeout"/>.</summary>
    public Stream Stream => _stream;

    /// <summary>Opens <paramref name="path"/> (e.g. /dev/ttyUSB0 or /dev/pts/5) and applies <paramref name="settings"/>.</summary>
    /// <exception cref="IOException">The device cannot be opened or configured; the message names it and the reason.</exception>
    public static SerialLine Open(string path, SerialSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(settings);
        var descriptor = LibC.Open(path,
            LinuxConstants.ReadWrite | LinuxConstants.NoControllingTty | LinuxConstants.NonBlocking | LinuxConstants.CloseOnExec);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open serial device '{path}': {LibC.LastError()}.");
        }

        return Adopt(new TtyHandle(descriptor, ownsHandle: true), path, settings);
    }

    /// <summary>
    /// Configures a terminal descriptor opened elsewhere (e.g. a pty master from posix_openpt) and takes ownership.
    /// The descriptor should be non-blocking.
    /// </summary>
    public static SerialLine Adopt(TtyHandle handle, string name, SerialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            Configure(handle, name, settings);
            return new SerialLine(handle, name, settings);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Drops bytes received but not yet read, e.g. a stale reply, before a new command.</summary>
    public void DiscardInput()
    {
        if (LibC.Flush(_handle, LinuxConstants.FlushInput) != 0)
        {
            throw new IOException($"Cannot flush the input of '{Name}': {LibC.LastError()}.");
        }
    }

    /// <summary>Waits until everything written has left the transmitter.</summary>
    public void DrainOutput()
    {
        if (LibC.Drain(_handle) != 0)
        {
            throw new IOException($"Cannot drain the output of '{Name}': {LibC.LastError()}.");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stream.Dispose();
        _handle.Dispose();
    }

    private static void Configure(TtyHandle handle, string name, SerialSettings settings)
    {
        if (LibC.GetAttributes(handle, out var termios) != 0)
        {
            throw new IOException($"'{name}' is not a terminal device: {LibC.LastError()}.");
        }

        var wanted = Compose(termios, settings);
        if (LibC.SetAttributes(handle, LinuxConstants.SetNow, wanted) != 0)
        {
            throw new IOException($"Cannot configure '{name}': {LibC.LastError()}.");
        }

        // tcsetattr succeeds if any one change took effect, so read back the speed the driver actually accepted.
        // Framing is not read back: a pty has no wire and forces CS8 without parity, yet must work like a port.
        if (LibC.GetAttributes(handle, out var applied) != 0 || LibC.GetOutputSpeed(applied) != LinuxConstants.SpeedCode(settings.BaudRate))
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"'{name}' did not accept {settings.BaudRate} baud."));
        }

        if (LibC.Flush(handle, LinuxConstants.FlushBoth) != 0)
        {
            throw new IOException($"Cannot flush '{name}': {LibC.LastError()}.");
        }
    }

    /// <summary>The termios for <paramref name="settings"/>: raw mode, no echo, no translation, the given speed and framing.</summary>
    internal static Termios Compose(Termios termios, SerialSettings settings)
    {
        LibC.MakeRaw(ref termios);
        termios.ControlFlags &= ~(LinuxConstants.CharacterSizeMask | LinuxConstants.TwoStopBits | LinuxConstants.ParityEnable |
                                  LinuxConstants.OddParity | LinuxConstants.RtsCtsFlowControl | LinuxConstants.HangUpOnClose);
        termios.ControlFlags |= LinuxConstants.EnableReceiver | LinuxConstants.IgnoreModemLines | CharacterSize(settings.DataBits);
        termios.InputFlags &= ~(LinuxConstants.InputParityCheck | LinuxConstants.SoftwareFlowIn | LinuxConstants.SoftwareFlowOut);
        switch (settings.Parity)
        {
            case SerialParity.Odd:
                termios.ControlFlags |= LinuxConstants.ParityEnable | LinuxConstants.OddParity;
                termios.InputFlags |= LinuxConstants.InputParityCheck;
                break;
            case SerialParity.Even:
                termios.ControlFlags |= LinuxConstants.ParityEnable;
                termios.InputFlags |= LinuxConstants.InputParityCheck;
                break;
            case SerialParity.None:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.Parity, "Unknown parity.");
        }

        if (settings.StopBits == SerialStopBits.Two)
        {
            termios.ControlFlags |= LinuxConstants.TwoStopBits;
        }

        if (settings.HardwareFlowControl)
        {
            termios.ControlFlags |= LinuxConstants.RtsCtsFlowControl;
        }

        // Reads wait in poll(2), never in read(2): VMIN=0/VTIME=0 makes read return whatever is there.
        termios.ControlChars[LinuxConstants.MinimumCharactersIndex] = 0;
        termios.ControlChars[LinuxConstants.TimeIndex] = 0;
        var speed = LinuxConstants.SpeedCode(settings.BaudRate);
        if (LibC.SetInputSpeed(ref termios, speed) != 0 || LibC.SetOutputSpeed(ref termios, speed) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.BaudRate, "libc refused the baud rate.");
        }

        return termios;
    }

    internal static uint CharacterSize(int dataBits) => (uint)(dataBits - 5) << 4;

    private static int ToMilliseconds(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? Timeout.Infinite : (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);
}
