using System.Runtime.InteropServices;
using System.Text;
using GroundStation.Hardware.Serial;

namespace GroundStation.Simulators.Pty;

/// <summary>
/// A pseudo-terminal pair made with posix_openpt/grantpt/unlockpt/ptsname_r: a simulator serves a device protocol
/// on <see cref="Master"/> while a driver (or rotctld) opens <see cref="SlavePath"/> as if it were a serial port.
/// The simulator keeps its own handle on the slave so that the master never sees a hang-up between clients.
/// </summary>
public sealed partial class PseudoTerminal : IDisposable
{
    private const int ReadWrite = 0x2;
    private const int NoControllingTty = 0x100;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;

    private readonly SerialLine _slaveHold;

    private PseudoTerminal(SerialLine master, SerialLine slaveHold, string slavePath)
    {
        Master = master;
        _slaveHold = slaveHold;
        SlavePath = slavePath;
    }

    /// <summary>The simulator's end.</summary>
    public SerialLine Master { get; }

    /// <summary>The device path clients open, e.g. /dev/pts/7.</summary>
    public string SlavePath { get; }

    /// <summary>Creates a pty pair with both ends in raw mode with <paramref name="settings"/>.</summary>
    /// <exception cref="IOException">The kernel refused to create or unlock the pair.</exception>
    public static PseudoTerminal Open(SerialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var descriptor = OpenMaster(ReadWrite | NoControllingTty | NonBlocking | CloseOnExec);
        if (descriptor < 0)
        {
            throw new IOException($"posix_openpt failed: {LastError()}.");
        }

        var handle = new TtyHandle(descriptor, ownsHandle: true);
        try
        {
            if (Grant(descriptor) != 0 || Unlock(descriptor) != 0)
            {
                throw new IOException($"Cannot unlock the new pty: {LastError()}.");
            }

            var name = new byte[256];
            var error = SlaveName(descriptor, name, (nuint)name.Length);
            if (error != 0)
            {
                throw new IOException($"ptsname_r failed with errno {error}.");
            }

            var slavePath = Encoding.UTF8.GetString(name, 0, Array.IndexOf(name, (byte)0));
            var master = SerialLine.Adopt(handle, "pty master for " + slavePath, settings);
            try
            {
                return new PseudoTerminal(master, SerialLine.Open(slavePath, settings), slavePath);
            }
            catch
            {
                master.Dispose();
                throw;
            }
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _slaveHold.Dispose();
        Master.Dispose();
    }

    private static string LastError()
    {
        var errno = Marshal.GetLastPInvokeError();
        return $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
    }

    [LibraryImport("libc", EntryPoint = "posix_openpt", SetLastError = true)]
    private static partial int OpenMaster(int flags);

    [LibraryImport("libc", EntryPoint = "grantpt", SetLastError = true)]
    private static partial int Grant(int descriptor);

    [LibraryImport("libc", EntryPoint = "unlockpt", SetLastError = true)]
    private static partial int Unlock(int descriptor);

    [LibraryImport("libc", EntryPoint = "ptsname_r")]
    private static partial int SlaveName(int descriptor, [Out] byte[] buffer, nuint length);
}
