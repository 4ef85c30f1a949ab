using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Propagation;
using GroundStation.Orbits.Tests.Elements;

namespace GroundStation.Orbits.Tests.Propagation;

public class Sgp4PropagatorTests
{
    private static readonly OrbitalElements Iss = TleParser.Parse(TleText.IssLine1, TleText.IssLine2).Elements;

    [Fact]
    public void Propagating_to_an_instant_equals_propagating_by_minutes_since_epoch()
    {
        var propagator = Sgp4Propagator.Create(Iss);

        var byInstant = propagator.Propagate(Iss.Epoch.AddMinutes(1234.5));
        var byMinutes = propagator.Propagate(1234.5);

        Assert.True(byInstant.IsSuccess);
        Assert.True((byInstant.State.PositionKm - byMinutes.State.PositionKm).Magnitude < 1e-9);
        Assert.Equal(Iss.Epoch, propagator.Epoch);
        Assert.Same(Iss, propagator.Elements);
        Assert.False(propagator.IsDeepSpace);
        Assert.Equal(Sgp4Error.None, propagator.InitError);
    }

    [Fact]
    public void Defaults_are_wgs72_and_improved_mode_and_wgs84_is_available_on_request()
    {
        var standard = Sgp4Propagator.Create(Iss);
        var wgs84 = Sgp4Propagator.Create(Iss, GravityModel.Wgs84);

        Assert.Equal(GravityModel.Wgs72, standard.Gravity);
        Assert.Equal(Sgp4Mode.Improved, standard.Mode);
        var difference = (standard.Propagate(1440.0).State.PositionKm - wgs84.Propagate(1440.0).State.PositionKm).Magnitude;
        Assert.InRange(difference, 1e-4, 10.0);
    }

    [Fact]
    public void A_set_that_fails_at_epoch_reports_its_init_error_at_every_time()
    {
        var case33334 = VerificationSet.Cases.Single(c => c.Tle.Elements.Id.Value == 33334);

        var propagator = Sgp4Propagator.Create(case33334.Tle.Elements);

        Assert.Equal(Sgp4Error.PerturbedEccentricityOutOfRange, propagator.InitError);
        Assert.All(new[] { -100.0, 0.0, 100.0 }, t =>
        {
            var result = propagator.Propagate(t);
            Assert.False(result.IsSuccess);
            Assert.Equal(Sgp4Error.PerturbedEccentricityOutOfRange, result.Error);
            Assert.Equal(default, result.State);
        });
    }

    [Fact]
    public void A_decayed_result_carries_the_sub_surface_state()
    {
        var decaying = VerificationSet.Cases.Single(c => c.Tle.Elements.Id.Value == 28872).Tle.Elements;

        var result = Sgp4Propagator.Create(decaying).Propagate(55.0);

        Assert.Equal(Sgp4Error.Decayed, result.Error);
        Assert.InRange(result.State.PositionKm.Magnitude, 1000.0, 6378.135);
        Assert.Contains("Decayed", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_enum_values_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sgp4Propagator.Create(Iss, (GravityModel)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sgp4Propagator.Create(Iss, mode: (Sgp4Mode)7));
    }

    [Fact]
    public void One_instance_gives_identical_results_from_many_threads()
    {
        var deep = VerificationSet.Cases.First(c => c.Tle.Elements.Id.Value == 8195).Tle.Elements;
        var propagator = Sgp4Propagator.Create(deep);
        var times = Enumerable.Range(0, 400).Select(i => (i * 97.0) - 5000.0).ToArray();
        var sequential = times.Select(t => propagator.Propagate(t)).ToArray();

        var parallel = new PropagationResult[times.Length];
        Parallel.For(0, times.Length, i => parallel[i] = propagator.Propagate(times[i]));

        Assert.Equal(sequential, parallel);
    }
}
