using System.Runtime.InteropServices;

namespace GroundStation.Hardware.Serial;

/// <summary>The few libc calls a serial line needs, source-generated so they stay trimming-safe.</summary>
internal static partial class LibC
{
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int descriptor);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint Read(TtyHandle descriptor, byte* buffer, nint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint Write(TtyHandle descriptor, byte* buffer, nint count);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    internal static partial int Poll(ref PollDescriptor descriptors, nuint count, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "tcgetattr", SetLastError = true)]
    internal static partial int GetAttributes(TtyHandle descriptor, out Termios termios);

    [LibraryImport(Library, EntryPoint = "tcsetattr", SetLastError = true)]
    internal static partial int SetAttributes(TtyHandle descriptor, int optionalActions, in Termios termios);

    [LibraryImport(Library, EntryPoint = "cfmakeraw")]
    internal static partial void MakeRaw(ref Termios termios);

    [LibraryImport(Library, EntryPoint = "cfsetispeed", SetLastError = true)]
    internal static partial int SetInputSpeed(ref Termios termios, uint speed);

    [LibraryImport(Library, EntryPoint = "cfsetospeed", SetLastError = true)]
    internal static partial int SetOutputSpeed(ref Termios termios, uint speed);

    [LibraryImport(Library, EntryPoint = "cfgetospeed")]
    internal static partial uint GetOutputSpeed(in Termios termios);

    [LibraryImport(Library, EntryPoint = "tcflush", SetLastError = true)]
    internal static partial int Flush(TtyHandle descriptor, int queue);

    [LibraryImport(Library, EntryPoint = "tcdrain", SetLastError = true)]
    internal static partial int Drain(TtyHandle descriptor);

    /// <summary>Describes the last errno: "No such file or directory (errno 2)".</summary>
    internal static string LastError()
    {
        var errno = Marshal.GetLastPInvokeError();
        return $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
    }
}
