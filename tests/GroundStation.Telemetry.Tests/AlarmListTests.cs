using GroundStation.Orbits;
using GroundStation.Telemetry.Limits;

namespace GroundStation.Telemetry.Tests;

/// <summary>Alarm lists in a store that every tenant shares.</summary>
public sealed class AlarmListTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_tenant_with_few_alarms_among_another_tenants_many_sees_all_of_its_own_newest_first()
    {
        await using var harness = new IngestHarness(new Targets().Add(25544).Add(40000, tenant: "t2"), o =>
        {
            LimitDefinition[] battery = [new LimitDefinition("batteryVoltage", 6.2, 6.8, 8.3, 8.45, Persistence: 1)];
            o.SatelliteLimits[25544] = battery;
            o.SatelliteLimits[40000] = battery;
        });
        var t0 = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
        var sequence = 0;
        async Task RaiseAndClearAsync(int norad)
        {
            foreach (var volts in new[] { 6.0, 7.4 })
            {
                sequence++;
                await harness.Ingest.IngestAsync(Frames.Housekeeping(sequence,
                    Frames.Sample((ushort)sequence, volts, at: t0.AddSeconds(sequence)), norad), Ct);
            }
        }

        // Two of t1's alarms, the older one before and the newer one after far more of t2's than any fixed scan
        // window would read.
        await RaiseAndClearAsync(25544);
        for (var i = 0; i < 1_200; i++)
        {
            await RaiseAndClearAsync(40000);
        }

        await RaiseAndClearAsync(25544);
        var t1Only = new HashSet<NoradId> { new(25544) };

        var own = harness.Queries.Alarms(activeOnly: false, t1Only.Contains, limit: 10);

        Assert.Equal(2, own.Count);
        Assert.All(own, a => Assert.Equal(25544, a.Norad));
        Assert.True(own[0].AlarmId > own[1].AlarmId, "newest first");
        var theirs = harness.Queries.Alarms(activeOnly: true, norad => norad.Value == 40000, limit: 1_000);
        Assert.Equal(1_000, theirs.Count);
        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => theirs[0].AlarmId - i), theirs.Select(a => a.AlarmId));
    }
}
