using System.Globalization;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using GroundStation.Registry;

namespace GroundStation.Scheduling.Planning;

/// <summary>
/// Turns predicted passes into a schedule (docs/SCHEDULING.md): candidate filters first (lost station, horizon,
/// band, sharing, minimum duration, unavailability), then a greedy resolution in a total order - priority, then
/// maximum elevation, then duration, then AOS, NORAD id and station id - against each station's timeline (no overlap
/// of [AOS - pre-pass margin, LOS + post-pass margin] and room for the rotator to slew from one LOS azimuth to the next
/// AOS azimuth) and each satellite's timeline (one station at a time). A satellite that loses a station thereby falls
/// to its next best station. Pure and deterministic.
/// </summary>
internal sealed class PassPlanner(SchedulingOptions options)
{
    private readonly SchedulingOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>The window passes are predicted over for a run at <paramref name="now"/>: aligned on the hour so runs within the hour share predictions.</summary>
    public TimeWindow PredictionWindow(DateTimeOffset now)
    {
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
        return new TimeWindow(start, start + _options.Horizon + TimeSpan.FromHours(2));
    }

    /// <summary>Plans from predictions indexed [satellite][station] in the input's order.</summary>
    public PlanningResult Plan(PlanningInput input, PassPrediction[][] predictions)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(predictions);
        var frozenIds = input.Frozen.Select(f => f.Contact.PassId).ToHashSet();
        var unavailable = input.Unavailability.GroupBy(w => w.Station).ToDictionary(g => g.Key, g => g.ToArray());

        // Candidates of each satellite are built and filtered in parallel, then joined in satellite order: the
        // result does not depend on the threads (and the resolution below sorts them totally anyway).
        var perSatellite = new (List<Candidate> Candidates, List<PassDecision> Rejected)[input.Satellites.Count];
        Parallel.For(0, input.Satellites.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism }, i =>
        {
            var satellite = input.Satellites[i];
            var own = (Candidates: new List<Candidate>(), Rejected: new List<PassDecision>());
            for (var j = 0; j < input.Stations.Count; j++)
            {
                var station = input.Stations[j];
                foreach (var pass in predictions[i][j].Passes)
                {
                    if (pass.Aos < input.Now || pass.Aos >= input.HorizonEnd)
                    {
                        continue; // past, or for a later run: no decision yet
                    }

                    var candidate = new Candidate(i, j, satellite, station, pass, _options);
                    if (frozenIds.Contains(candidate.Id))
                    {
                        continue;
                    }

                    var reason = Filter(candidate, input, unavailable.GetValueOrDefault(station.Id));
                    if (reason is null)
                    {
                        own.Candidates.Add(candidate);
                    }
                    else
                    {
                        own.Rejected.Add(new PassDecision(candidate.ToContact(), PassDecisionStatus.Rejected, reason));
                    }
                }
            }

            perSatellite[i] = own;
        });
        var candidates = new List<Candidate>(perSatellite.Sum(p => p.Candidates.Count));
        var rejected = new List<PassDecision>(perSatellite.Sum(p => p.Candidates.Count + p.Rejected.Count));
        foreach (var (own, ownRejected) in perSatellite)
        {
            candidates.AddRange(own);
            rejected.AddRange(ownRejected);
        }

        var considered = candidates.Count + rejected.Count;
        candidates.Sort(Candidate.Compare);
        var stationSlots = input.Stations.Select(_ => new List<Slot>()).ToArray();
        var satelliteSlots = input.Satellites.Select(_ => new List<Slot>()).ToArray();
        var stationIndex = input.Stations.Select((s, index) => (s.Id, index)).ToDictionary(p => p.Id, p => p.index);
        var satelliteIndex = input.Satellites.Select((s, index) => (s.Norad, index)).ToDictionary(p => p.Norad, p => p.index);
        var scheduled = new List<PlannedContact>(input.Frozen);
        foreach (var frozen in input.Frozen)
        {
            var slot = Slot.From(frozen);
            if (stationIndex.TryGetValue(frozen.Contact.Station, out var j))
            {
                Insert(stationSlots[j], slot, s => s.SetupStart);
            }

            if (satelliteIndex.TryGetValue(frozen.Contact.Norad, out var i))
            {
                Insert(satelliteSlots[i], slot, s => s.Aos);
            }
        }

        foreach (var candidate in candidates)
        {
            var slot = Slot.From(candidate);
            var reason = (_options.OneStationPerSatellite ? SatelliteConflict(satelliteSlots[candidate.SatelliteIndex], slot) : null)
                ?? StationConflict(stationSlots[candidate.StationIndex], slot, candidate.Station);
            if (reason is not null)
            {
                rejected.Add(new PassDecision(candidate.ToContact(), PassDecisionStatus.Rejected, reason));
                continue;
            }

            Insert(stationSlots[candidate.StationIndex], slot, s => s.SetupStart);
            Insert(satelliteSlots[candidate.SatelliteIndex], slot, s => s.Aos);
            var satellite = candidate.Satellite;
            scheduled.Add(new PlannedContact(candidate.ToContact(), satellite.Priority, satellite.Latest!.Line1, satellite.Latest.Line2,
                satellite.DownlinkHz, satellite.UplinkHz, satellite.Mode));
        }

        scheduled.Sort((a, b) => ByAos(a.Contact, b.Contact));
        rejected.Sort((a, b) => ByAos(a.Contact, b.Contact));
        return new PlanningResult(scheduled, rejected, considered);
    }

    /// <summary>Orders contacts by AOS, then pass id.</summary>
    public static int ByAos(ScheduledContact a, ScheduledContact b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byAos = a.Aos.CompareTo(b.Aos);
        return byAos != 0 ? byAos : string.CompareOrdinal(a.PassId.Value, b.PassId.Value);
    }

    private static string? Filter(Candidate c, PlanningInput input, UnavailabilityWindow[]? unavailable)
    {
        var satellite = c.Satellite;
        var station = c.Station;
        if (input.LostStations.TryGetValue(station.Id, out var lost))
        {
            return $"station lost: {lost}";
        }

        if (c.Pass.Clipping.HasFlag(PassClipping.InProgressAtStart))
        {
            return "already in view when planned";
        }

        if (c.Pass.Clipping.HasFlag(PassClipping.EndedByPropagationError))
        {
            return "the element set cannot be propagated through the pass";
        }

        if (c.Pass.Clipping.HasFlag(PassClipping.InProgressAtEnd))
        {
            return "extends beyond the prediction window";
        }

        if (c.SetupStart < input.Now)
        {
            return "too late to set up: the pre-pass margin has already begun";
        }

        if (station.BandFor(satellite.DownlinkHz) is null)
        {
            return Invariant($"no band at {station.Id} covers downlink {satellite.DownlinkHz} Hz");
        }

        if (!station.Shared && station.Owner != satellite.Tenant)
        {
            return $"station {station.Id} is not shared with tenant {satellite.Tenant}";
        }

        var seconds = c.Pass.Duration.TotalSeconds;
        if (seconds < satellite.MinimumContactSeconds)
        {
            return Invariant($"below minimum contact duration ({seconds:0} s < {satellite.MinimumContactSeconds} s)");
        }

        var window = unavailable?.FirstOrDefault(w => w.Overlaps(c.SetupStart, c.TeardownEnd));
        return window is null ? null : $"station unavailable: {window.Reason}";
    }

    private static string? SatelliteConflict(List<Slot> slots, Slot slot)
    {
        var (before, after) = Neighbours(slots, slot.Aos, s => s.Aos);
        var other = before is not null && before.Los > slot.Aos ? before : after is not null && after.Aos < slot.Los ? after : null;
        return other is null ? null : $"satellite already in contact at {other.Station} ({other.PassId})";
    }

    private static string? StationConflict(List<Slot> slots, Slot slot, StationRecord station)
    {
        var (before, after) = Neighbours(slots, slot.SetupStart, s => s.SetupStart);
        foreach (var other in new[] { before, after })
        {
            if (other is not null && other.SetupStart < slot.TeardownEnd && slot.SetupStart < other.TeardownEnd)
            {
                return Invariant($"conflict with {other.Norad} ({Why(other, slot)}) at {station.Id}");
            }
        }

        if (before is not null && SlewShortfall(before, slot, station, candidateFirst: false) is { } fromBefore)
        {
            return fromBefore;
        }

        return after is not null ? SlewShortfall(slot, after, station, candidateFirst: true) : null;
    }

    // The rotator must get from the first contact's LOS azimuth to the second's AOS azimuth between the first's
    // teardown and the second's setup (the margins themselves are for parking, tuning and hooks).
    private static string? SlewShortfall(Slot first, Slot second, StationRecord station, bool candidateFirst)
    {
        var travel = station.Rotator.AzimuthTravelDeg(new Azimuth(first.LosAzimuthDeg), new Azimuth(second.AosAzimuthDeg));
        var needed = TimeSpan.FromSeconds(travel / station.Rotator.SlewRateDegPerSecond);
        var gap = second.SetupStart - first.TeardownEnd;
        if (gap >= needed)
        {
            return null;
        }

        var (other, self) = candidateFirst ? (second, first) : (first, second);
        return Invariant($"conflict with {other.Norad} ({Why(other, self)}) at {station.Id}: the rotator needs {needed.TotalSeconds:0} s to slew {travel:0} deg at {station.Rotator.SlewRateDegPerSecond:0.#} deg/s, the gap is {Math.Max(0, gap.TotalSeconds):0} s");
    }

    private static string Why(Slot winner, Slot loser) =>
        winner.Frozen ? "contact already under way"
        : winner.Priority != loser.Priority ? Invariant($"priority {winner.Priority} > {loser.Priority}")
        : winner.MaxElevationDeg != loser.MaxElevationDeg ? Invariant($"same priority, higher elevation {winner.MaxElevationDeg:0.0} > {loser.MaxElevationDeg:0.0} deg")
        : "same priority and elevation, longer or earlier pass";

    private static (Slot? Before, Slot? After) Neighbours(List<Slot> slots, DateTimeOffset key, Func<Slot, DateTimeOffset> by)
    {
        var index = LowerBound(slots, key, by);
        return (index > 0 ? slots[index - 1] : null, index < slots.Count ? slots[index] : null);
    }

    private static void Insert(List<Slot> slots, Slot slot, Func<Slot, DateTimeOffset> by) => slots.Insert(LowerBound(slots, by(slot), by), slot);

    private static int LowerBound(List<Slot> slots, DateTimeOffset key, Func<Slot, DateTimeOffset> by)
    {
        int low = 0, high = slots.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (by(slots[middle]) < key)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A predicted pass of one satellite over one station, with the station time it would take.</summary>
    private sealed class Candidate
    {
        public Candidate(int satelliteIndex, int stationIndex, SatelliteRecord satellite, StationRecord station, SatellitePass pass, SchedulingOptions options)
        {
            SatelliteIndex = satelliteIndex;
            StationIndex = stationIndex;
            Satellite = satellite;
            Station = station;
            Pass = pass;
            Id = PassIds.For(station.Id, satellite.Norad, pass.Aos);
            SetupStart = pass.Aos - options.PrePassMargin;
            TeardownEnd = pass.Los + options.PostPassMargin;
        }

        public int SatelliteIndex { get; }

        public int StationIndex { get; }

        public SatelliteRecord Satellite { get; }

        public StationRecord Station { get; }

        public SatellitePass Pass { get; }

        public PassId Id { get; }

        public DateTimeOffset SetupStart { get; }

        public DateTimeOffset TeardownEnd { get; }

        // Higher priority first, then higher culmination, then longer, then earlier, then by ids: a total order.
        public static int Compare(Candidate? a, Candidate? b)
        {
            if (ReferenceEquals(a, b))
            {
                return 0;
            }

            ArgumentNullException.ThrowIfNull(a);
            ArgumentNullException.ThrowIfNull(b);
            var order = b.Satellite.Priority.CompareTo(a.Satellite.Priority);
            order = order != 0 ? order : b.Pass.MaxElevation.Degrees.CompareTo(a.Pass.MaxElevation.Degrees);
            order = order != 0 ? order : b.Pass.Duration.CompareTo(a.Pass.Duration);
            order = order != 0 ? order : a.Pass.Aos.CompareTo(b.Pass.Aos);
            order = order != 0 ? order : a.Satellite.Norad.Value.CompareTo(b.Satellite.Norad.Value);
            return order != 0 ? order : string.CompareOrdinal(a.Station.Id.Value, b.Station.Id.Value);
        }

        public ScheduledContact ToContact() => new(Id, Station.Id, Satellite.Norad, Satellite.Name, Pass.Aos, Pass.Tca, Pass.Los,
            Pass.MaxElevation.Degrees, Pass.AosAzimuth.Degrees, Pass.LosAzimuth.Degrees, SetupStart, TeardownEnd);
    }

    /// <summary>A contact (or candidate) occupying a station's or a satellite's timeline.</summary>
    private sealed record Slot(
        PassId PassId,
        StationId Station,
        int Norad,
        int Priority,
        double MaxElevationDeg,
        DateTimeOffset Aos,
        DateTimeOffset Los,
        DateTimeOffset SetupStart,
        DateTimeOffset TeardownEnd,
        double AosAzimuthDeg,
        double LosAzimuthDeg,
        bool Frozen)
    {
        public static Slot From(PlannedContact planned)
        {
            var c = planned.Contact;
            return new Slot(c.PassId, c.Station, c.Norad.Value, planned.Priority, c.MaxElevationDeg, c.Aos, c.Los, c.SetupStart, c.TeardownEnd,
                c.AosAzimuthDeg, c.LosAzimuthDeg, Frozen: true);
        }

        public static Slot From(Candidate c) => new(c.Id, c.Station.Id, c.Satellite.Norad.Value, c.Satellite.Priority,
            c.Pass.MaxElevation.Degrees, c.Pass.Aos, c.Pass.Los, c.SetupStart, c.TeardownEnd, c.Pass.AosAzimuth.Degrees,
            c.Pass.LosAzimuth.Degrees, Frozen: false);
    }
}
