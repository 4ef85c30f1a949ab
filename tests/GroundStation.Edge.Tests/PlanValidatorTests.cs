using GroundStation.Edge.Plans;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Tests;

public sealed class PlanValidatorTests : IDisposable
{
    private readonly CoreSigningKey _core = CoreSigningKey.Generate();
    private readonly CoreSigningKey _other = CoreSigningKey.Generate();

    public void Dispose()
    {
        _core.Dispose();
        _other.Dispose();
    }

    [Fact]
    public void A_signed_valid_newer_plan_is_accepted_and_an_older_one_ignored()
    {
        var pass = Iss.Planned(Iss.Passes()[0]);
        var message = Iss.SignedPlan(_core, 5, pass);

        var accepted = PlanValidator.Check(message, _core, Iss.Station, currentVersion: 4);
        var ignored = PlanValidator.Check(message, _core, Iss.Station, currentVersion: 5);

        Assert.Equal(PlanOutcome.Accepted, accepted.Outcome);
        Assert.Empty(accepted.Errors);
        Assert.Equal(PlanOutcome.Ignored, ignored.Outcome);
    }

    [Fact]
    public void A_plan_signed_by_another_key_or_tampered_or_for_another_station_is_rejected()
    {
        var pass = Iss.Planned(Iss.Passes()[0]);
        var foreign = PlanValidator.Check(Iss.SignedPlan(_other, 1, pass), _core, Iss.Station, null);
        var envelope = GroundStationMessages.Decode<SignedEnvelope>(Iss.SignedPlan(_core, 1, pass));
        var tampered = envelope with { Payload = [.. envelope.Payload.Select((b, i) => i == 20 ? (byte)(b ^ 1) : b)] };
        var bad = PlanValidator.Check(GroundStationMessages.Encode(tampered), _core, Iss.Station, null);
        var otherStation = PlanValidator.Check(GroundStationMessages.Encode(_core.Sign(
            new PassPlan(1, StationId.Parse("elsewhere"), 1, DateTimeOffset.UnixEpoch, [pass]))), _core, Iss.Station, null);
        var garbage = PlanValidator.Check("not json"u8, _core, Iss.Station, null);

        Assert.Equal(PlanOutcome.Rejected, foreign.Outcome);
        Assert.Contains("unknown key", foreign.Errors.Single(), StringComparison.Ordinal);
        Assert.Contains("signature does not verify", bad.Errors.Single(), StringComparison.Ordinal);
        Assert.Equal("station: the plan is for 'elsewhere', this is 'gs-test'", otherStation.Errors.Single());
        Assert.StartsWith("envelope: ", garbage.Errors.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_pass_field_is_named()
    {
        var passes = Iss.Passes();
        var good = Iss.Planned(passes[0]);
        var badTle = Iss.Planned(passes[1]) with { TleLine1 = Iss.Line1.Replace("98067A", "98067!", StringComparison.Ordinal) };
        var backwards = Iss.Planned(passes[2]) with { Los = passes[2].Aos.AddMinutes(-1) };
        var wrongNorad = Iss.Planned(passes[3]) with { NoradId = 1, DownlinkHz = 0 };
        var overlapping = Iss.Planned(passes[3]) with { PassId = "gs-test.25544.overlap", Aos = passes[3].Aos.AddMinutes(1) };

        var check = PlanValidator.Check(Iss.SignedPlan(_core, 2, good, badTle, backwards, wrongNorad, overlapping), _core, Iss.Station, 1);

        Assert.Equal(PlanOutcome.Rejected, check.Outcome);
        Assert.Contains(check.Errors, e => e.StartsWith($"passes[1] ({badTle.PassId}).tle: ", StringComparison.Ordinal));
        Assert.Contains(check.Errors, e => e.StartsWith($"passes[2] ({backwards.PassId}).los: ", StringComparison.Ordinal) && e.Contains("is not after aos", StringComparison.Ordinal));
        Assert.Contains(check.Errors, e => e.StartsWith($"passes[3] ({wrongNorad.PassId}).noradId: 1 does not match", StringComparison.Ordinal));
        Assert.Contains(check.Errors, e => e.StartsWith($"passes[3] ({wrongNorad.PassId}).downlinkHz: 0 is not a frequency", StringComparison.Ordinal));
        Assert.Contains(check.Errors, e => e.StartsWith("passes[4] (gs-test.25544.overlap).aos: ", StringComparison.Ordinal) && e.Contains("one antenna", StringComparison.Ordinal));
        Assert.DoesNotContain(check.Errors, e => e.StartsWith("passes[0]", StringComparison.Ordinal));
    }
}
