using System.Globalization;
using System.Net;
using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Radios;
using GroundStation.Hardware.Tests.Rotators;
using GroundStation.Hardware.Tests.Serial;
using GroundStation.Simulators.Hamlib;
using GroundStation.Simulators.Radios;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Hardware.Tests.Radios;

/// <summary>The simulated rigctld is good enough for the real rigctl and for GroundStation's own client.</summary>
public class RigctldSimulatorTests
{
    private static HamlibTcpServer Start(SimulatedRadio radio, bool vfoMode)
    {
        var server = new HamlibTcpServer(new IPEndPoint(IPAddress.Loopback, 0), RigctldCommands.CreateResponder(radio, vfoMode), NullLogger.Instance);
        server.Start();
        return server;
    }

    private static RigctldRadio Client(HamlibTcpServer server, Vfo? vfo = null) =>
        new(new RigctldOptions
        {
            Client = new HamlibClientOptions { Endpoint = new HamlibEndpoint("127.0.0.1", server.Endpoint.Port) },
            Vfo = vfo,
        }, new RecordingLogger<RigctldRadio>());

    [Fact]
    public async Task Rigctl_sets_and_reads_frequency_and_mode()
    {
        var radio = new SimulatedRadio();
        await using var server = Start(radio, vfoMode: false);
        var address = "127.0.0.1:" + server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

        var rigctl = await ProgramRun.RunAsync("rigctl", "libhamlib-utils", ["-m", "2", "-r", address,
            "F", "145800000", "M", "USB", "2400", "f"]);

        Assert.True(rigctl.ExitCode == 0, rigctl.Output);
        Assert.Contains("145800000", rigctl.Output, StringComparison.Ordinal);
        Assert.Equal(145_800_000, radio.GetFrequency("VFOA"));
        Assert.Equal(("USB", 2400), radio.GetMode("VFOA"));
    }

    [Fact]
    public async Task The_client_tunes_both_vfos_of_a_simulated_radio_in_vfo_mode()
    {
        var radio = new SimulatedRadio();
        await using var server = Start(radio, vfoMode: true);
        await using var downlink = Client(server, Vfo.A);
        await using var uplink = Client(server, Vfo.B);

        await downlink.SetFrequencyAsync(Frequency.FromHertz(437_800_000));
        await uplink.SetFrequencyAsync(Frequency.FromHertz(145_990_000));
        await uplink.SetModeAsync(new RadioModeSetting(RadioMode.FM, Passband.Normal));

        Assert.True(downlink.DaemonInVfoMode);
        Assert.Equal(437_800_000, radio.GetFrequency("VFOA"));
        Assert.Equal(145_990_000, radio.GetFrequency("VFOB"));
        Assert.Equal(new RadioModeSetting(RadioMode.FM, new Passband(15000)), await uplink.GetModeAsync());
        Assert.Equal("VFOA", radio.CurrentVfo);
    }

    [Fact]
    public async Task An_out_of_band_frequency_is_refused_with_InvalidArgument()
    {
        await using var server = Start(new SimulatedRadio(), vfoMode: false);
        await using var radio = Client(server);

        var error = await Assert.ThrowsAsync<RadioException>(() => radio.SetFrequencyAsync(Frequency.FromHertz(10)));

        Assert.Equal(HamlibError.InvalidArgument, error.Error);
    }
}
