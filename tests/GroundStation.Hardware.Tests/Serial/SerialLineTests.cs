using System.Runtime.CompilerServices;
using System.Text;
using GroundStation.Hardware.Serial;

namespace GroundStation.Hardware.Tests.Serial;

public class SerialLineTests
{
    [Fact]
    public void The_termios_struct_matches_glibc_on_linux_x64_and_arm64()
    {
        Assert.Equal(Termios.ExpectedSize, Unsafe.SizeOf<Termios>());
        Assert.Equal(32, Unsafe.SizeOf<ControlCharacters>());
    }

    [Fact]
    public async Task Bytes_cross_a_socat_pty_pair_both_ways()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        var settings = new SerialSettings { BaudRate = 9600, ReadTimeout = TimeSpan.FromSeconds(10) };
        using var a = SerialLine.Open(pair.A, settings);
        using var b = SerialLine.Open(pair.B, settings);

        a.Stream.Write("W120 045\r"u8);
        Assert.Equal("W120 045\r", await ReadExactlyAsync(b.Stream, 9));

        // Every byte value survives: raw mode turns off CR/LF translation, echo and flow-control characters.
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        b.Stream.Write(all);
        var received = new byte[256];
        await a.Stream.ReadExactlyAsync(received);
        Assert.Equal(all, received);
    }

    [Fact]
    public async Task A_read_with_nothing_to_read_times_out()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        using var a = SerialLine.Open(pair.A, new SerialSettings { ReadTimeout = TimeSpan.FromMilliseconds(200) });

        Assert.Throws<TimeoutException>(() => a.Stream.Read(new byte[1], 0, 1));
        await Assert.ThrowsAsync<TimeoutException>(async () => await a.Stream.ReadExactlyAsync(new byte[1]));
    }

    [Fact]
    public async Task An_asynchronous_read_is_cancellable()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        using var a = SerialLine.Open(pair.A, new SerialSettings());
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await a.Stream.ReadExactlyAsync(new byte[1], cancellation.Token));
    }

    [Fact]
    public async Task Speed_stop_bits_and_raw_mode_are_applied_as_stty_reports_them()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        using var a = SerialLine.Open(pair.A, new SerialSettings { BaudRate = 4800, StopBits = SerialStopBits.Two });

        var output = (await ProgramRun.RunAsync("stty", "coreutils", ["-F", pair.A, "-a"])).Output;
        var stty = " " + output.Replace('\n', ' ') + " ";

        Assert.Contains("speed 4800 baud", stty, StringComparison.Ordinal);
        Assert.Contains(" cs8 ", stty, StringComparison.Ordinal);
        Assert.Contains(" cstopb ", stty, StringComparison.Ordinal);
        Assert.Contains(" -icanon ", stty, StringComparison.Ordinal);
        Assert.Contains(" -echo ", stty, StringComparison.Ordinal);
        Assert.Contains(" -opost", stty, StringComparison.Ordinal);
        Assert.Contains(" -ixon ", stty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7, SerialParity.Even, SerialStopBits.Two, 0x20u | 0x100u | 0x40u, 0x200u)]
    [InlineData(8, SerialParity.Odd, SerialStopBits.One, 0x30u | 0x100u | 0x200u, 0x40u)]
    [InlineData(8, SerialParity.None, SerialStopBits.One, 0x30u, 0x100u | 0x200u | 0x40u)]
    public void Framing_sets_exactly_the_termios_bits_a_real_uart_needs(int dataBits, SerialParity parity, SerialStopBits stopBits,
        uint expectedSet, uint expectedClear)
    {
        // A pty forces CS8 without parity, so the framing bits are checked on the composed struct itself.
        var composed = SerialLine.Compose(default, new SerialSettings { BaudRate = 9600, DataBits = dataBits, Parity = parity, StopBits = stopBits });

        Assert.Equal(expectedSet, composed.ControlFlags & expectedSet);
        Assert.Equal(0u, composed.ControlFlags & expectedClear);
        Assert.Equal(SerialLine.CharacterSize(dataBits), composed.ControlFlags & 0x30u);
        Assert.Equal(0x80u | 0x800u, composed.ControlFlags & (0x80u | 0x800u));
        Assert.Equal(0xDu, composed.OutputSpeed);
        Assert.Equal(0xDu, composed.InputSpeed);
        Assert.Equal(parity != SerialParity.None, (composed.InputFlags & 0x10u) != 0);
    }

    [Fact]
    public void Opening_a_missing_device_names_it()
    {
        var error = Assert.Throws<IOException>(() => SerialLine.Open("/dev/gs-no-such-tty", new SerialSettings()));
        Assert.Contains("/dev/gs-no-such-tty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_a_file_that_is_not_a_terminal_is_refused()
    {
        var path = Path.GetTempFileName();
        try
        {
            var error = Assert.Throws<IOException>(() => SerialLine.Open(path, new SerialSettings()));
            Assert.Contains("not a terminal", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unsupported_settings_are_refused_up_front()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SerialSettings { BaudRate = 9601 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SerialSettings { DataBits = 9 });
    }

    private static async Task<string> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer);
        return Encoding.ASCII.GetString(buffer);
    }
}
