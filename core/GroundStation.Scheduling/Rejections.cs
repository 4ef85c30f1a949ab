using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Scheduling.Planning;

namespace GroundStation.Scheduling;

/// <summary>
/// One rejected candidate in the compact form the planner, the snapshot and the store keep: a struct of values, with
/// the reason text shared between the candidates that have the same one (every station a satellite was refused for
/// one contact shares that contact's reason). Its <see cref="PassDecision"/> is built only when someone asks.
/// </summary>
/// <param name="Norad">The satellite.</param>
/// <param name="SatelliteName">Its name when planned.</param>
/// <param name="Reason">Why it was rejected.</param>
/// <param name="AosTicks">AOS, UTC ticks.</param>
/// <param name="TcaTicks">TCA, UTC ticks.</param>
/// <param name="LosTicks">LOS, UTC ticks.</param>
/// <param name="SetupTicks">AOS less the pre-pass margin, UTC ticks.</param>
/// <param name="TeardownTicks">LOS plus the post-pass margin, UTC ticks.</param>
/// <param name="MaxElevationDeg">Elevation at TCA.</param>
/// <param name="AosAzimuthDeg">Azimuth at AOS.</param>
/// <param name="LosAzimuthDeg">Azimuth at LOS.</param>
internal readonly record struct RejectedPass(
    int Norad,
    string SatelliteName,
    string Reason,
    long AosTicks,
    long TcaTicks,
    long LosTicks,
    long SetupTicks,
    long TeardownTicks,
    double MaxElevationDeg,
    double AosAzimuthDeg,
    double LosAzimuthDeg)
{
    /// <summary>The decision as the API shows it.</summary>
    public PassDecision ToDecision(StationId station)
    {
        var norad = new NoradId(Norad);
        var aos = Utc(AosTicks);
        return new PassDecision(
            new ScheduledContact(PassIds.For(station, norad, aos), station, norad, SatelliteName, aos, Utc(TcaTicks), Utc(LosTicks),
                MaxElevationDeg, AosAzimuthDeg, LosAzimuthDeg, Utc(SetupTicks), Utc(TeardownTicks)),
            PassDecisionStatus.Rejected,
            Reason);
    }

    private static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);
}

/// <summary>
/// Every rejected candidate of one planning run, per station, as <see cref="RejectedPass"/> values (millions at
/// network scale: as objects they dominated the run's time and memory). Immutable.
/// </summary>
internal sealed class Rejections
{
    private readonly KeyValuePair<StationId, RejectedPass[]>[] _byStation;

    /// <summary>Takes per-station arrays (a station with no rejection may be left out).</summary>
    public Rejections(IEnumerable<KeyValuePair<StationId, RejectedPass[]>> byStation)
    {
        ArgumentNullException.ThrowIfNull(byStation);
        _byStation = [.. byStation.Where(p => p.Value.Length > 0)];
        Count = _byStation.Sum(p => p.Value.Length);
    }

    /// <summary>No rejection.</summary>
    public static Rejections Empty { get; } = new([]);

    /// <summary>How many candidates were rejected.</summary>
    public int Count { get; }

    /// <summary>The rejections of each station that has any.</summary>
    public IReadOnlyList<KeyValuePair<StationId, RejectedPass[]>> ByStation => _byStation;

    /// <summary>Rejected candidates whose [AOS, LOS] overlaps [<paramref name="from"/>, <paramref name="to"/>], optionally filtered.</summary>
    public IEnumerable<PassDecision> Overlapping(DateTimeOffset from, DateTimeOffset to, StationId? station, NoradId? norad)
    {
        var (fromTicks, toTicks) = (from.UtcTicks, to.UtcTicks);
        foreach (var (id, passes) in _byStation)
        {
            if (station is not null && id != station)
            {
                continue;
            }

            foreach (var pass in passes)
            {
                if (pass.LosTicks >= fromTicks && pass.AosTicks <= toTicks && (norad is null || pass.Norad == norad.Value.Value))
                {
                    yield return pass.ToDecision(id);
                }
            }
        }
    }

    /// <summary>Every rejection as a decision, by AOS then pass id (tests and small schedules).</summary>
    public IReadOnlyList<PassDecision> ToDecisions()
    {
        var all = Overlapping(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, null).ToList();
        all.Sort((a, b) => PassPlanner.ByAos(a.Contact, b.Contact));
        return all;
    }
}
