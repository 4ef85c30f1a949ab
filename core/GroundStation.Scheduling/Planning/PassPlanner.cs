using System.Globalization;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
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
        var stations = input.Stations;
        var frozenIds = input.Frozen.Select(f => (f.Contact.Station, f.Contact.Norad.Value, f.Contact.Aos.UtcTicks / TimeSpan.TicksPerMinute)).ToHashSet();
        var unavailable = input.Unavailability.GroupBy(w => w.Station).ToDictionary(g => g.Key, g => g.ToArray());
        var unavailableReasons = input.Unavailability.Select(w => w.Reason).Distinct(StringComparer.Ordinal)
            .ToDictionary(r => r, r => $"station unavailable: {r}", StringComparer.Ordinal);
        var stationRank = RankByOrdinalId(stations);
        var lostReasons = stations.Select(s => input.LostStations.TryGetValue(s.Id, out var lost) ? $"station lost: {lost}" : null).ToArray();
        var context = new FilterContext(input.Now.UtcTicks, lostReasons, unavailableReasons);

        // Every candidate goes into one array, each satellite filling its own range (counted first), so that millions
        // of candidates cost one allocation and no list growth; reasons[k] stays null while candidate k is in the
        // running. Satellites are filtered in parallel; the result does not depend on the threads.
        var satelliteCount = input.Satellites.Count;
        var offsets = new int[satelliteCount + 1];
        for (var i = 0; i < satelliteCount; i++)
        {
            var passes = 0;
            foreach (var prediction in predictions[i])
            {
                passes += prediction.Passes.Count;
            }

            offsets[i + 1] = offsets[i] + passes;
        }

        var all = new Candidate[offsets[satelliteCount]];
        var reasons = new string?[all.Length];
        var filled = new int[satelliteCount];
        Parallel.For(0, satelliteCount, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism }, i =>
        {
            var satellite = input.Satellites[i];
            var next = offsets[i];
            var durationReasons = new Dictionary<long, string>();
            for (var j = 0; j < stations.Count; j++)
            {
                var station = stations[j];
                var passes = predictions[i][j].Passes;
                string? bandReason = null;
                string? sharingReason = null;
                for (var k = 0; k < passes.Count; k++)
                {
                    var pass = passes[k];
                    if (pass.Aos < input.Now || pass.Aos >= input.HorizonEnd)
                    {
                        continue; // past, or for a later run: no decision yet
                    }

                    var candidate = new Candidate(i, j, stationRank[j], satellite, pass, _options);
                    if (frozenIds.Count > 0 && frozenIds.Contains((station.Id, satellite.Norad.Value, candidate.AosTicks / TimeSpan.TicksPerMinute)))
                    {
                        continue;
                    }

                    bandReason ??= station.BandFor(satellite.DownlinkHz) is null
                        ? string.Create(CultureInfo.InvariantCulture, $"no band at {station.Id} covers downlink {satellite.DownlinkHz} Hz") : string.Empty;
                    sharingReason ??= !station.Shared && station.Owner != satellite.Tenant
                        ? $"station {station.Id} is not shared with tenant {satellite.Tenant}" : string.Empty;
                    all[next] = candidate;
                    reasons[next] = Filter(candidate, j, context, bandReason, sharingReason, durationReasons, unavailable.GetValueOrDefault(station.Id));
                    next++;
                }
            }

            filled[i] = next - offsets[i];
        });

        var considered = filled.Sum();
        var order = new List<int>(considered);
        for (var i = 0; i < satelliteCount; i++)
        {
            for (var k = offsets[i]; k < offsets[i] + filled[i]; k++)
            {
                if (reasons[k] is null)
                {
                    order.Add(k);
                }
            }
        }

        // Sorting indices moves 4 bytes per swap instead of a whole candidate.
        order.Sort((a, b) => Candidate.Compare(in all[a], in all[b]));
        var stationSlots = stations.Select(_ => new List<Slot>()).ToArray();
        var satelliteSlots = input.Satellites.Select(_ => new List<Slot>()).ToArray();
        var stationIndex = stations.Select((s, index) => (s.Id, index)).ToDictionary(p => p.Id, p => p.index);
        var satelliteIndex = input.Satellites.Select((s, index) => (s.Norad, index)).ToDictionary(p => p.Norad, p => p.index);
        var scheduled = new List<PlannedContact>(input.Frozen);
        foreach (var frozen in input.Frozen)
        {
            // A frozen contact of a satellite no longer in the registry has no known tenant: its reasons stay anonymous.
            var known = satelliteIndex.TryGetValue(frozen.Contact.Norad, out var i);
            var slot = Slot.From(frozen, known ? input.Satellites[i].Tenant : null);
            if (stationIndex.TryGetValue(frozen.Contact.Station, out var j))
            {
                Insert(stationSlots[j], slot, s => s.SetupStart);
            }

            if (known)
            {
                Insert(satelliteSlots[i], slot, s => s.Aos);
            }
        }

        foreach (var k in order)
        {
            ref readonly var candidate = ref all[k];
            var reason = _options.OneStationPerSatellite ? SatelliteConflict(satelliteSlots[candidate.SatelliteIndex], candidate) : null;
            var slot = reason is null ? Slot.From(candidate, stations[candidate.StationIndex].Id) : null;
            reason ??= StationConflict(stationSlots[candidate.StationIndex], slot!, stations[candidate.StationIndex]);
            if (reason is not null)
            {
                reasons[k] = reason;
                continue;
            }

            Insert(stationSlots[candidate.StationIndex], slot!, s => s.SetupStart);
            Insert(satelliteSlots[candidate.SatelliteIndex], slot!, s => s.Aos);
            var satellite = candidate.Satellite;
            scheduled.Add(new PlannedContact(candidate.ToContact(slot!.PassId, stations[candidate.StationIndex].Id), satellite.Priority,
                satellite.Latest!.Line1, satellite.Latest.Line2, satellite.DownlinkHz, satellite.UplinkHz, satellite.Mode));
        }

        scheduled.Sort((a, b) => ByAos(a.Contact, b.Contact));
        return new PlanningResult(scheduled, Rejected(stations, all, reasons, offsets, filled), considered);
    }

    /// <summary>The rejected candidates (those with a reason) as compact values per station, in arrays of exact size.</summary>
    private static Rejections Rejected(IReadOnlyList<StationRecord> stations, Candidate[] all, string?[] reasons, int[] offsets, int[] filled)
    {
        var perStation = new int[stations.Count];
        for (var i = 0; i < filled.Length; i++)
        {
            for (var k = offsets[i]; k < offsets[i] + filled[i]; k++)
            {
                if (reasons[k] is not null)
                {
                    perStation[all[k].StationIndex]++;
                }
            }
        }

        var rejected = perStation.Select(n => new RejectedPass[n]).ToArray();
        Array.Clear(perStation);
        for (var i = 0; i < filled.Length; i++)
        {
            for (var k = offsets[i]; k < offsets[i] + filled[i]; k++)
            {
                if (reasons[k] is { } reason)
                {
                    var j = all[k].StationIndex;
                    rejected[j][perStation[j]++] = all[k].Reject(reason);
                }
            }
        }

        return new Rejections(stations.Select((s, j) => KeyValuePair.Create(s.Id, rejected[j])));
    }

    /// <summary>Orders contacts by AOS, then pass id.</summary>
    public static int ByAos(ScheduledContact a, ScheduledContact b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byAos = a.Aos.CompareTo(b.Aos);
        return byAos != 0 ? byAos : string.CompareOrdinal(a.PassId.Value, b.PassId.Value);
    }

    private static string? Filter(in Candidate c, int station, FilterContext context, string bandReason, string sharingReason,
        Dictionary<long, string> durationReasons, UnavailabilityWindow[]? unavailable)
    {
        if (context.LostReasons[station] is { } lost)
        {
            return lost;
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

        if (c.SetupTicks < context.NowTicks)
        {
            return "too late to set up: the pre-pass margin has already begun";
        }

        if (bandReason.Length > 0)
        {
            return bandReason;
        }

        if (sharingReason.Length > 0)
        {
            return sharingReason;
        }

        var seconds = c.Pass.Duration.TotalSeconds;
        var minimum = c.Satellite.MinimumContactSeconds;
        if (seconds < minimum)
        {
            // The text shows whole seconds, so candidates a second apart share one reason string.
            var shown = (long)Math.Round(seconds, MidpointRounding.AwayFromZero);
            if (!durationReasons.TryGetValue(shown, out var text))
            {
                text = string.Create(CultureInfo.InvariantCulture, $"below minimum contact duration ({seconds:0} s < {minimum} s)");
                durationReasons[shown] = text;
            }

            return text;
        }

        if (unavailable is null)
        {
            return null;
        }

        var (setup, teardown) = (new DateTimeOffset(c.SetupTicks, TimeSpan.Zero), new DateTimeOffset(c.TeardownTicks, TimeSpan.Zero));
        var window = Array.Find(unavailable, w => w.Overlaps(setup, teardown));
        return window is null ? null : context.UnavailableReasons[window.Reason];
    }

    private static string? SatelliteConflict(List<Slot> slots, in Candidate candidate)
    {
        var aos = new DateTimeOffset(candidate.AosTicks, TimeSpan.Zero);
        var los = new DateTimeOffset(candidate.LosTicks, TimeSpan.Zero);
        var (before, after) = Neighbours(slots, aos, s => s.Aos);
        var other = before is not null && before.Los > aos ? before : after is not null && after.Aos < los ? after : null;
        return other?.BusyReason;
    }

    private static string? StationConflict(List<Slot> slots, Slot slot, StationRecord station)
    {
        var (before, after) = Neighbours(slots, slot.SetupStart, s => s.SetupStart);
        var overlapping = Overlaps(before, slot) ? before : Overlaps(after, slot) ? after : null;
        if (overlapping is not null)
        {
            return overlapping.ConflictReason(slot, station.Id);
        }

        if (before is not null && SlewShortfall(before, slot, station, candidateFirst: false) is { } fromBefore)
        {
            return fromBefore;
        }

        return after is not null ? SlewShortfall(slot, after, station, candidateFirst: true) : null;
    }

    private static bool Overlaps(Slot? other, Slot slot) =>
        other is not null && other.SetupStart < slot.TeardownEnd && slot.SetupStart < other.TeardownEnd;

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
        return string.Create(CultureInfo.InvariantCulture, $"conflict with {Who(other, self)} ({Why(other, self)}) at {station.Id}: the rotator needs {needed.TotalSeconds:0} s to slew {travel:0} deg at {station.Rotator.SlewRateDegPerSecond:0.#} deg/s, the gap is {Math.Max(0, gap.TotalSeconds):0} s");
    }

    // Another tenant's satellite is not named, nor its priority or elevation given: a tenant sees its own satellites only.
    private static string Who(Slot winner, Slot loser) =>
        SameTenant(winner, loser) ? winner.Norad.ToString(CultureInfo.InvariantCulture) : "another tenant's contact";

    private static string Why(Slot winner, Slot loser) =>
        winner.Frozen ? "contact already under way"
        : !SameTenant(winner, loser) ? (winner.Priority != loser.Priority ? "higher priority" : "same priority, higher elevation or longer pass")
        : winner.Priority != loser.Priority ? string.Create(CultureInfo.InvariantCulture, $"priority {winner.Priority} > {loser.Priority}")
        : winner.MaxElevationDeg != loser.MaxElevationDeg ? string.Create(CultureInfo.InvariantCulture, $"same priority, higher elevation {winner.MaxElevationDeg:0.0} > {loser.MaxElevationDeg:0.0} deg")
        : "same priority and elevation, longer or earlier pass";

    private static bool SameTenant(Slot a, Slot b) => a.Tenant is not null && string.Equals(a.Tenant, b.Tenant, StringComparison.Ordinal);

    // Rank of each station in ordinal order of its id: the last tie-breaker of the candidate order, as an int.
    private static int[] RankByOrdinalId(IReadOnlyList<StationRecord> stations)
    {
        var order = Enumerable.Range(0, stations.Count).OrderBy(j => stations[j].Id.Value, StringComparer.Ordinal).ToArray();
        var rank = new int[stations.Count];
        for (var r = 0; r < order.Length; r++)
        {
            rank[order[r]] = r;
        }

        return rank;
    }

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

    /// <summary>What the per-candidate filters share within one run.</summary>
    private sealed record FilterContext(long NowTicks, string?[] LostReasons, Dictionary<string, string> UnavailableReasons);

    /// <summary>
    /// A predicted pass of one satellite over one station, with the station time it would take: a struct with the
    /// sort keys inline, because there are millions of them at network scale and most are only sorted and rejected.
    /// </summary>
    private readonly struct Candidate
    {
        public Candidate(int satelliteIndex, int stationIndex, int stationRank, SatelliteRecord satellite, SatellitePass pass, SchedulingOptions options)
        {
            SatelliteIndex = satelliteIndex;
            StationIndex = stationIndex;
            StationRank = stationRank;
            Satellite = satellite;
            Pass = pass;
            Priority = satellite.Priority;
            Norad = satellite.Norad.Value;
            MaxElevationDeg = pass.MaxElevation.Degrees;
            AosTicks = pass.Aos.UtcTicks;
            LosTicks = pass.Los.UtcTicks;
            SetupTicks = AosTicks - options.PrePassMargin.Ticks;
            TeardownTicks = LosTicks + options.PostPassMargin.Ticks;
        }

        public int SatelliteIndex { get; }

        public int StationIndex { get; }

        public int StationRank { get; }

        public SatelliteRecord Satellite { get; }

        public SatellitePass Pass { get; }

        public int Priority { get; }

        public int Norad { get; }

        public double MaxElevationDeg { get; }

        public long AosTicks { get; }

        public long LosTicks { get; }

        public long SetupTicks { get; }

        public long TeardownTicks { get; }

        // Higher priority first, then higher culmination, then longer, then earlier, then by ids: a total order.
        public static int Compare(in Candidate a, in Candidate b)
        {
            var order = b.Priority.CompareTo(a.Priority);
            order = order != 0 ? order : b.MaxElevationDeg.CompareTo(a.MaxElevationDeg);
            order = order != 0 ? order : (b.LosTicks - b.AosTicks).CompareTo(a.LosTicks - a.AosTicks);
            order = order != 0 ? order : a.AosTicks.CompareTo(b.AosTicks);
            order = order != 0 ? order : a.Norad.CompareTo(b.Norad);
            return order != 0 ? order : a.StationRank.CompareTo(b.StationRank);
        }

        public RejectedPass Reject(string reason) => new(Norad, Satellite.Name, reason, AosTicks, Pass.Tca.UtcTicks, LosTicks, SetupTicks,
            TeardownTicks, MaxElevationDeg, Pass.AosAzimuth.Degrees, Pass.LosAzimuth.Degrees);

        public ScheduledContact ToContact(PassId id, StationId station) => new(id, station, Satellite.Norad, Satellite.Name, Pass.Aos, Pass.Tca, Pass.Los,
            MaxElevationDeg, Pass.AosAzimuth.Degrees, Pass.LosAzimuth.Degrees, new DateTimeOffset(SetupTicks, TimeSpan.Zero),
            new DateTimeOffset(TeardownTicks, TimeSpan.Zero));
    }

    /// <summary>A contact (or candidate) occupying a station's or a satellite's timeline.</summary>
    private sealed record Slot(
        StationId Station,
        int Norad,
        string? Tenant,
        int Priority,
        double MaxElevationDeg,
        DateTimeOffset Aos,
        DateTimeOffset Los,
        DateTimeOffset SetupStart,
        DateTimeOffset TeardownEnd,
        double AosAzimuthDeg,
        double LosAzimuthDeg,
        bool Frozen,
        PassId? KnownPassId = null)
    {
        private PassId? _passId = KnownPassId;
        private string? _busyReason;
        private Dictionary<(bool SameTenant, int Priority, double Elevation), string>? _conflictReasons;

        /// <summary>The pass id, formatted when first needed: most candidates are refused without one.</summary>
        public PassId PassId => _passId ??= PassIds.For(Station, new NoradId(Norad), Aos);

        /// <summary>
        /// The reason given to this satellite's other candidates that overlap this contact: built once and shared, since
        /// a contact typically refuses the satellite at every other station in view at the time.
        /// </summary>
        public string BusyReason => _busyReason ??= $"satellite already in contact at {Station} ({PassId})";

        /// <summary>
        /// The reason given to a candidate that overlaps this contact at its station. Shared between candidates that
        /// would read the same text (same tenant relation and priority; same elevation too when the priorities tie), so
        /// that the thousands of candidates one contact refuses do not each carry a copy.
        /// </summary>
        public string ConflictReason(Slot loser, StationId station)
        {
            var key = (SameTenant(this, loser), loser.Priority, loser.Priority == Priority ? loser.MaxElevationDeg : 0.0);
            _conflictReasons ??= [];
            if (!_conflictReasons.TryGetValue(key, out var text))
            {
                text = string.Create(CultureInfo.InvariantCulture, $"conflict with {Who(this, loser)} ({Why(this, loser)}) at {station}");
                _conflictReasons[key] = text;
            }

            return text;
        }

        public static Slot From(PlannedContact planned, string? tenant)
        {
            var c = planned.Contact;
            return new Slot(c.Station, c.Norad.Value, tenant, planned.Priority, c.MaxElevationDeg, c.Aos, c.Los, c.SetupStart,
                c.TeardownEnd, c.AosAzimuthDeg, c.LosAzimuthDeg, Frozen: true, c.PassId);
        }

        public static Slot From(in Candidate c, StationId station) => new(station, c.Norad, c.Satellite.Tenant, c.Priority, c.MaxElevationDeg,
            c.Pass.Aos, c.Pass.Los, new DateTimeOffset(c.SetupTicks, TimeSpan.Zero), new DateTimeOffset(c.TeardownTicks, TimeSpan.Zero),
            c.Pass.AosAzimuth.Degrees, c.Pass.LosAzimuth.Degrees, Frozen: false);
    }
}
