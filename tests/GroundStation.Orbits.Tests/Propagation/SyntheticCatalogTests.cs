using GroundStation.Orbits.Propagation;
using GroundStation.Testing.Orbits;

namespace GroundStation.Orbits.Tests.Propagation;

public class SyntheticCatalogTests
{
    [Fact]
    public void The_benchmark_catalog_has_the_issue_mix_and_propagates_cleanly_for_a_day()
    {
        var catalog = SyntheticCatalog.Generate(1000);

        var counts = catalog.GroupBy(SyntheticCatalog.Classify).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(750, counts[SyntheticOrbitClass.Leo]);
        Assert.InRange(counts[SyntheticOrbitClass.Meo], 80, 90);
        Assert.InRange(counts[SyntheticOrbitClass.Geo], 80, 90);
        Assert.InRange(counts[SyntheticOrbitClass.Heo], 80, 90);
        Assert.Equal(catalog.Select(e => e.Id), SyntheticCatalog.Generate(1000).Select(e => e.Id));

        foreach (var elements in catalog)
        {
            var propagator = Sgp4Propagator.Create(elements);
            Assert.Equal(SyntheticCatalog.Classify(elements) != SyntheticOrbitClass.Leo, propagator.IsDeepSpace);
            for (var minute = 0; minute < 1440; minute += 37)
            {
                var result = propagator.Propagate(minute);
                Assert.True(result.IsSuccess, $"{elements.Name} at {minute} min: {result.Error}");
            }
        }
    }
}
