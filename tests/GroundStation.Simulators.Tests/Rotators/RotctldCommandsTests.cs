using GroundStation.Simulators.Rotators;
using GroundStation.Testing;

namespace GroundStation.Simulators.Tests.Rotators;

/// <summary>The simulated rotctld answers in rotctld's plain and extended formats (as observed from rotctld 4.5.4).</summary>
public class RotctldCommandsTests
{
    private static (Simulators.Hamlib.HamlibResponder Responder, SimulatedRotator Rotator) Create(int faultEvery = 0)
    {
        var rotator = new SimulatedRotator(new SimulatedRotatorOptions { AzimuthRate = 1000, ElevationRate = 1000, FaultEvery = faultEvery },
            new ManualTimeProvider());
        return (RotctldCommands.CreateResponder(rotator), rotator);
    }

    [Fact]
    public void Plain_commands_answer_like_rotctld()
    {
        var (responder, _) = Create();

        Assert.Equal("RPRT 0\n", responder.Respond("P 120 45"));
        Assert.Equal("0.00\n0.00\n", responder.Respond("p"));
        Assert.Equal("RPRT 0\n", responder.Respond("S"));
        Assert.Equal("RPRT 0\n", responder.Respond("K"));
    }

    [Fact]
    public void Extended_commands_echo_the_command_and_end_with_RPRT()
    {
        var (responder, _) = Create();

        Assert.Equal("set_pos: 120 45\nRPRT 0\n", responder.Respond("+P 120 45"));
        Assert.Equal("get_pos:\nAzimuth: 0.00\nElevation: 0.00\nRPRT 0\n", responder.Respond("+\\get_pos"));
        Assert.Equal("get_pos:;Azimuth: 0.00;Elevation: 0.00;RPRT 0\n", responder.Respond(";p"));
    }

    [Theory]
    [InlineData("P 500 45", "RPRT -1\n")]
    [InlineData("P nan 45", "RPRT -1\n")]
    [InlineData("P 120", "RPRT -1\n")]
    [InlineData("Z", "RPRT -4\n")]
    [InlineData("+\\set_pos 10 200", "set_pos: 10 200\nRPRT -1\n")]
    public void Bad_commands_get_Hamlib_error_codes(string command, string expected) =>
        Assert.Equal(expected, Create().Responder.Respond(command));

    [Fact]
    public void Fault_injection_answers_RPRT_minus_6()
    {
        var (responder, _) = Create(faultEvery: 2);

        Assert.Equal("RPRT 0\n", responder.Respond("P 10 10"));
        Assert.Equal("RPRT -6\n", responder.Respond("P 10 10"));
    }

    [Fact]
    public void Dump_state_carries_the_limits_rotctl_checks()
    {
        var state = Create().Responder.Respond("\\dump_state");

        Assert.StartsWith("1\n1\nmin_az=0.000000\nmax_az=450.000000\nmin_el=0.000000\nmax_el=180.000000\n", state, StringComparison.Ordinal);
        Assert.EndsWith("done\n", state, StringComparison.Ordinal);
    }
}
