using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GroundStation.Hardware.Serial;

/// <summary>
/// glibc's <c>struct termios</c> on Linux (x64 and arm64 share it): four tcflag_t (uint) words, c_line, c_cc[32]
/// (NCCS), then c_ispeed and c_ospeed, 60 bytes in all with the padding before c_ispeed. The kernel's own layout is
/// shorter; glibc translates, so this must match glibc, not the kernel headers.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Termios
{
    public uint InputFlags;
    public uint OutputFlags;
    public uint ControlFlags;
    public uint LocalFlags;
    public byte Line;
    public ControlCharacters ControlChars;
    public uint InputSpeed;
    public uint OutputSpeed;

    public const int ExpectedSize = 60;
}

/// <summary>c_cc[NCCS], NCCS = 32 in glibc.</summary>
[InlineArray(32)]
internal struct ControlCharacters
{
    private byte _element;
}

/// <summary>Linux constants (asm-generic, the same on x64 and arm64) for open(2), termios and poll(2).</summary>
internal static class LinuxConstants
{
    public const int ReadWrite = 0x2;              // O_RDWR
    public const int NoControllingTty = 0x100;     // O_NOCTTY
    public const int NonBlocking = 0x800;          // O_NONBLOCK
    public const int CloseOnExec = 0x80000;        // O_CLOEXEC

    public const int SetNow = 0;                   // TCSANOW
    public const int FlushInput = 0;               // TCIFLUSH
    public const int FlushBoth = 2;                // TCIOFLUSH

    public const uint CharacterSizeMask = 0x30;    // CSIZE
    public const uint TwoStopBits = 0x40;          // CSTOPB
    public const uint EnableReceiver = 0x80;       // CREAD
    public const uint ParityEnable = 0x100;        // PARENB
    public const uint OddParity = 0x200;           // PARODD
    public const uint HangUpOnClose = 0x400;       // HUPCL
    public const uint IgnoreModemLines = 0x800;    // CLOCAL
    public const uint RtsCtsFlowControl = 0x80000000; // CRTSCTS

    public const uint InputParityCheck = 0x10;     // INPCK
    public const uint SoftwareFlowOut = 0x400;     // IXON
    public const uint SoftwareFlowIn = 0x1000;     // IXOFF

    public const int MinimumCharactersIndex = 6;   // VMIN
    public const int TimeIndex = 5;                // VTIME

    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const short PollError = 0x8;
    public const short PollHangUp = 0x10;
    public const short PollInvalid = 0x20;

    public const int Interrupted = 4;              // EINTR
    public const int TryAgain = 11;                // EAGAIN

    /// <summary>Bnnnn speed codes from termbits.h.</summary>
    public static uint SpeedCode(int baudRate) => baudRate switch
    {
        50 => 0x1,
        75 => 0x2,
        110 => 0x3,
        134 => 0x4,
        150 => 0x5,
        200 => 0x6,
        300 => 0x7,
        600 => 0x8,
        1200 => 0x9,
        1800 => 0xA,
        2400 => 0xB,
        4800 => 0xC,
        9600 => 0xD,
        19200 => 0xE,
        38400 => 0xF,
        57600 => 0x1001,
        115200 => 0x1002,
        230400 => 0x1003,
        460800 => 0x1004,
        500000 => 0x1005,
        576000 => 0x1006,
        921600 => 0x1007,
        1000000 => 0x1008,
        _ => throw new ArgumentOutOfRangeException(nameof(baudRate), baudRate, "Not a standard termios baud rate."),
    };
}

/// <summary>struct pollfd.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollDescriptor
{
    public int Descriptor;
    public short Events;
    public short ReturnedEvents;
}
