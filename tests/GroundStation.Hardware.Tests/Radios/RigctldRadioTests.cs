using System.Globalization;
using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Radios;
using GroundStation.Hardware.Tests.Rotators;
using GroundStation.Testing;

namespace GroundStation.Hardware.Tests.Radios;

/// <summary>Acceptance 1: the rigctld client against the real daemon with Hamlib's dummy radio (model 1).</summary>
public class RigctldRadioTests
{
    private static async Task<PeerProcess> StartRigctldAsync(int port, bool vfoMode = false)
    {
        string[] arguments = ["-m", "1", "-T", "127.0.0.1", "-t", port.ToString(CultureInfo.InvariantCulture)];
        var peer = PeerProcess.Start("rigctld", "libhamlib-utils", vfoMode ? [.. arguments, "--vfo"] : arguments);
        await peer.WaitForTcpAsync(port, TimeSpan.FromSeconds(20));
        return peer;
    }

    private static RigctldRadio Client(int port, Vfo? vfo = null) =>
        new(new RigctldOptions
        {
            Client = new HamlibClientOptions { Endpoint = new HamlibEndpoint("127.0.0.1", port), CommandTimeout = TimeSpan.FromSeconds(3) },
            Vfo = vfo,
        }, new RecordingLogger<RigctldRadio>());

    [Fact]
    public async Task Frequency_and_mode_round_trip()
    {
        var port = FreePort.Next();
        await using var daemon = await StartRigctldAsync(port);
        await using var radio = Client(port);

        await radio.SetFrequencyAsync(Frequency.FromHertz(145_812_345));
        Assert.Equal(Frequency.FromHertz(145_812_345), await radio.GetFrequencyAsync());

        await radio.SetModeAsync(new RadioModeSetting(RadioMode.Usb, new Passband(2400)));
        Assert.Equal(new RadioModeSetting(RadioMode.Usb, new Passband(2400)), await radio.GetModeAsync());
        Assert.False(radio.DaemonInVfoMode);
    }

    [Fact]
    public async Task In_vfo_mode_the_downlink_and_uplink_clients_tune_their_own_vfos()
    {
        var port = FreePort.Next();
        await using var daemon = await StartRigctldAsync(port, vfoMode: true);
        await using var downlink = Client(port, Vfo.A);
        await using var uplink = Client(port, Vfo.B);

        await downlink.SetFrequencyAsync(Frequency.FromHertz(437_800_000));
        await uplink.SetFrequencyAsync(Frequency.FromHertz(145_990_000));

        Assert.True(downlink.DaemonInVfoMode);
        Assert.Equal(Frequency.FromHertz(437_800_000), await downlink.GetFrequencyAsync());
        Assert.Equal(Frequency.FromHertz(145_990_000), await uplink.GetFrequencyAsync());
    }

    [Fact]
    public async Task Without_vfo_mode_a_client_bound_to_a_vfo_selects_it_first()
    {
        var port = FreePort.Next();
        await using var daemon = await StartRigctldAsync(port);
        await using var downlink = Client(port, Vfo.A);
        await using var uplink = Client(port, Vfo.B);

        await downlink.SetFrequencyAsync(Frequency.FromHertz(437_800_000));
        await uplink.SetFrequencyAsync(Frequency.FromHertz(145_990_000));

        Assert.Equal(Frequency.FromHertz(437_800_000), await downlink.GetFrequencyAsync());
        Assert.Equal(Frequency.FromHertz(145_990_000), await uplink.GetFrequencyAsync());
    }

    [Fact]
    public async Task A_refused_command_maps_the_RPRT_code()
    {
        var port = FreePort.Next();
        await using var daemon = await StartRigctldAsync(port);
        await using var radio = Client(port, new Vfo("VFOX"));

        var error = await Assert.ThrowsAsync<RadioException>(() => radio.GetFrequencyAsync());

        Assert.Equal(HamlibError.InvalidArgument, error.Error);
        Assert.Contains("set_vfo VFOX", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_reconnects_after_the_daemon_restarts()
    {
        var port = FreePort.Next();
        await using var radio = Client(port);
        await using (var first = await StartRigctldAsync(port))
        {
            await radio.SetFrequencyAsync(Frequency.FromHertz(435_000_000));
            await first.KillAsync();
        }

        await using var second = await StartRigctldAsync(port);
        await radio.SetFrequencyAsync(Frequency.FromHertz(436_000_000));
        Assert.Equal(Frequency.FromHertz(436_000_000), await radio.GetFrequencyAsync());
    }
}
