using GroundStation.Hardware.Rotators;
using GroundStation.Simulators.Rotators;
using GroundStation.Testing;

namespace GroundStation.Simulators.Tests.Rotators;

/// <summary>The simulated controller answers byte for byte as GS-232A and GS-232B hardware does (REFERENCES.md).</summary>
public class Gs232ResponderTests
{
    private static (Gs232Responder Responder, SimulatedRotator Rotator, ManualTimeProvider Clock) Create(Gs232Dialect dialect)
    {
        var clock = new ManualTimeProvider();
        var rotator = new SimulatedRotator(new SimulatedRotatorOptions { AzimuthRate = 10, ElevationRate = 10 }, clock);
        return (new Gs232Responder(rotator, dialect), rotator, clock);
    }

    [Theory]
    [InlineData(Gs232Dialect.A, "+0120+0045\r\n")]
    [InlineData(Gs232Dialect.B, "AZ=120  EL=045\r\n")]
    public void C2_reports_the_position_in_the_dialects_format(Gs232Dialect dialect, string expected)
    {
        var (responder, _, clock) = Create(dialect);

        Assert.Equal("\r", responder.Respond("W120 045"));
        clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(expected, responder.Respond("C2"));
    }

    [Theory]
    [InlineData(Gs232Dialect.A, "+0007\r\n", "+0003\r\n")]
    [InlineData(Gs232Dialect.B, "AZ=007\r\n", "EL=003\r\n")]
    public void C_and_B_report_one_axis(Gs232Dialect dialect, string azimuth, string elevation)
    {
        var (responder, _, clock) = Create(dialect);
        responder.Respond("W007 003");
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(azimuth, responder.Respond("C"));
        Assert.Equal(elevation, responder.Respond("B"));
    }

    [Theory]
    [InlineData("Z")]
    [InlineData("W12 45")]
    [InlineData("W120045")]
    [InlineData("W460 045")]
    [InlineData("W120 181")]
    [InlineData("X9")]
    public void Invalid_or_out_of_range_commands_get_the_question_mark_prompt(string command)
    {
        var (responder, rotator, _) = Create(Gs232Dialect.B);

        Assert.Equal("?>\r", responder.Respond(command));
        Assert.Equal(RotatorPosition.FromDegrees(0, 0), rotator.Target);
    }

    [Fact]
    public void The_empty_line_hamlib_sends_after_each_command_gets_no_reply() =>
        Assert.Null(Create(Gs232Dialect.B).Responder.Respond(""));

    [Fact]
    public void S_stops_M_turns_azimuth_only_and_X_sets_the_speed()
    {
        var (responder, rotator, clock) = Create(Gs232Dialect.A);
        Assert.Equal("\r", responder.Respond("X2"));
        Assert.Equal("\r", responder.Respond("W100 050"));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("\r", responder.Respond("S"));
        Assert.Equal(RotatorPosition.FromDegrees(10, 10), rotator.Position);

        Assert.Equal("\r", responder.Respond("M200"));
        Assert.Equal(RotatorPosition.FromDegrees(200, 10), rotator.Target);
    }
}
