using System.Globalization;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using GroundStation.Storage;
using Microsoft.Data.Sqlite;

namespace GroundStation.Registry;

/// <summary>
/// <see cref="IRegistry"/> on SQLite (WAL). The whole registry is small (thousands of rows), so it is also held in memory:
/// reads never touch the database, writes go to the database first and then to memory, under one lock.
/// </summary>
public sealed class SqliteRegistry : IRegistry, IDisposable
{
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly SortedDictionary<int, SatelliteRecord> _satellites = [];
    private readonly Dictionary<int, List<ElementSet>> _history = [];
    private readonly SortedDictionary<string, StationRecord> _stations = new(StringComparer.Ordinal);
    private readonly List<UnavailabilityWindow> _unavailability = [];

    /// <summary>Opens (creating if needed) the registry database at <paramref name="databasePath"/>.</summary>
    public SqliteRegistry(string databasePath, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _connection = SqliteDatabase.OpenDedicated(databasePath, """
            CREATE TABLE IF NOT EXISTS satellites (
                norad INTEGER PRIMARY KEY, name TEXT NOT NULL, tenant TEXT NOT NULL, priority INTEGER NOT NULL,
                downlink_hz INTEGER NOT NULL, uplink_hz INTEGER, mode TEXT NOT NULL, callsign TEXT NOT NULL,
                min_contact_s INTEGER NOT NULL, telemetry_decoder TEXT, command_dictionary TEXT);
            CREATE TABLE IF NOT EXISTS element_sets (
                id INTEGER PRIMARY KEY AUTOINCREMENT, norad INTEGER NOT NULL, epoch_ticks INTEGER NOT NULL,
                line1 TEXT NOT NULL, line2 TEXT NOT NULL, format TEXT NOT NULL, ingested_ticks INTEGER NOT NULL,
                UNIQUE (norad, line1, line2));
            CREATE TABLE IF NOT EXISTS stations (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, latitude REAL NOT NULL, longitude REAL NOT NULL,
                altitude_m REAL NOT NULL, min_elevation REAL NOT NULL, mask TEXT, bands TEXT NOT NULL,
                rot_min_az REAL NOT NULL, rot_max_az REAL NOT NULL, rot_min_el REAL NOT NULL, rot_max_el REAL NOT NULL,
                rot_slew REAL NOT NULL, callsign TEXT NOT NULL, owner TEXT NOT NULL, shared INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS unavailability (
                id INTEGER PRIMARY KEY AUTOINCREMENT, station TEXT NOT NULL, from_ticks INTEGER NOT NULL,
                to_ticks INTEGER NOT NULL, reason TEXT NOT NULL);
            """);
        AddSatelliteProfileColumns();
        Load();
    }

    // Registries created before satellites had their own decoder and dictionary get the two columns, empty (the
    // core's defaults), so an upgrade keeps every satellite as it was.
    private static readonly string[] SatelliteProfileColumns = ["telemetry_decoder", "command_dictionary"];

    private void AddSatelliteProfileColumns()
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = Command("SELECT name FROM pragma_table_info('satellites')").ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        foreach (var column in SatelliteProfileColumns.Where(c => !columns.Contains(c)))
        {
            Execute($"ALTER TABLE satellites ADD COLUMN {column} TEXT");
        }
    }

    /// <inheritdoc />
    public event EventHandler<RegistryChanged>? Changed;

    /// <inheritdoc />
    public IReadOnlyList<SatelliteRecord> Satellites(string? tenant = null)
    {
        lock (_gate)
        {
            return [.. _satellites.Values.Where(s => tenant is null || s.Tenant == tenant)];
        }
    }

    /// <inheritdoc />
    public SatelliteRecord? FindSatellite(NoradId norad)
    {
        lock (_gate)
        {
            return _satellites.GetValueOrDefault(norad.Value);
        }
    }

    /// <inheritdoc />
    public (SatelliteRecord Satellite, bool Created) UpsertSatellite(SatelliteSpec spec)
    {
        var valid = RegistryValidation.Check(spec);
        SatelliteRecord record;
        bool created;
        lock (_gate)
        {
            var existing = _satellites.GetValueOrDefault(valid.Norad.Value);
            if (existing is not null && existing.Tenant != valid.Tenant)
            {
                throw new RegistryValidationException("tenant", $"satellite {valid.Norad} belongs to another tenant");
            }

            created = existing is null;
            record = new SatelliteRecord(valid.Norad, valid.Name, valid.Tenant, valid.Priority, valid.DownlinkHz, valid.UplinkHz,
                valid.Mode, valid.Callsign!, valid.MinimumContactSeconds, existing?.Latest)
            {
                TelemetryDecoder = valid.TelemetryDecoder,
                CommandDictionary = valid.CommandDictionary,
            };
            if (record == existing)
            {
                return (record, false);
            }

            Execute("""
                INSERT INTO satellites (norad, name, tenant, priority, downlink_hz, uplink_hz, mode, callsign, min_contact_s,
                    telemetry_decoder, command_dictionary)
                VALUES ($norad, $name, $tenant, $priority, $down, $up, $mode, $callsign, $min, $decoder, $dictionary)
                ON CONFLICT(norad) DO UPDATE SET name=excluded.name, priority=excluded.priority, downlink_hz=excluded.downlink_hz,
                    uplink_hz=excluded.uplink_hz, mode=excluded.mode, callsign=excluded.callsign, min_contact_s=excluded.min_contact_s,
                    telemetry_decoder=excluded.telemetry_decoder, command_dictionary=excluded.command_dictionary
                """,
                ("$norad", record.Norad.Value), ("$name", record.Name), ("$tenant", record.Tenant), ("$priority", record.Priority),
                ("$down", record.DownlinkHz), ("$up", record.UplinkHz), ("$mode", record.Mode), ("$callsign", record.Callsign),
                ("$min", record.MinimumContactSeconds), ("$decoder", record.TelemetryDecoder), ("$dictionary", record.CommandDictionary));
            _satellites[record.Norad.Value] = record;
        }

        Raise(new RegistryChanged(RegistryChangeKind.Satellite, record.Norad, null,
            created ? $"satellite {record.Norad} added" : $"satellite {record.Norad} changed"));
        return (record, created);
    }

    /// <inheritdoc />
    public ElementSet IngestElements(NoradId norad, string text)
    {
        var (line1, line2, format, elements) = ElementSetReader.Read(norad, text);
        ElementSet set;
        bool newest;
        lock (_gate)
        {
            var satellite = _satellites.GetValueOrDefault(norad.Value) ?? throw new KeyNotFoundException($"No satellite {norad} in the registry.");
            var history = _history.TryGetValue(norad.Value, out var list) ? list : _history[norad.Value] = [];
            var known = history.Find(e => e.Line1 == line1 && e.Line2 == line2);
            if (known is not null)
            {
                return known;
            }

            var epoch = elements.Epoch.ToDateTime();
            var now = _time.GetUtcNow();
            using (var command = Command("""
                INSERT INTO element_sets (norad, epoch_ticks, line1, line2, format, ingested_ticks)
                VALUES ($norad, $epoch, $l1, $l2, $format, $at) RETURNING id
                """, ("$norad", norad.Value), ("$epoch", epoch.UtcTicks), ("$l1", line1), ("$l2", line2), ("$format", format), ("$at", now.UtcTicks)))
            {
                set = new ElementSet((long)command.ExecuteScalar()!, norad, epoch, line1, line2, format, now);
            }

            history.Add(set);
            history.Sort(NewestFirst);
            newest = history[0] == set;
            if (newest)
            {
                _satellites[norad.Value] = satellite with { Latest = set };
            }
        }

        // An older epoch arriving late goes into the history but changes no prediction, so nothing needs re-planning.
        if (newest)
        {
            Raise(new RegistryChanged(RegistryChangeKind.Elements, norad, null,
                string.Create(CultureInfo.InvariantCulture, $"new element set for {norad} (epoch {set.Epoch:O})")));
        }

        return set;
    }

    /// <inheritdoc />
    public IReadOnlyList<ElementSet> ElementHistory(NoradId norad, int limit = 100)
    {
        lock (_gate)
        {
            return _history.TryGetValue(norad.Value, out var list) ? [.. list.Take(limit)] : [];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<StationRecord> Stations()
    {
        lock (_gate)
        {
            return [.. _stations.Values];
        }
    }

    /// <inheritdoc />
    public StationRecord? FindStation(StationId id)
    {
        lock (_gate)
        {
            return _stations.GetValueOrDefault(id.Value);
        }
    }

    /// <inheritdoc />
    public bool UpsertStation(StationRecord station)
    {
        RegistryValidation.Check(station);
        bool created;
        lock (_gate)
        {
            var existing = _stations.GetValueOrDefault(station.Id.Value);
            created = existing is null;
            if (existing is not null && SameStation(existing, station))
            {
                return false;
            }

            Execute("""
                INSERT OR REPLACE INTO stations (id, name, latitude, longitude, altitude_m, min_elevation, mask, bands,
                    rot_min_az, rot_max_az, rot_min_el, rot_max_el, rot_slew, callsign, owner, shared)
                VALUES ($id, $name, $lat, $lon, $alt, $minel, $mask, $bands, $a0, $a1, $e0, $e1, $slew, $callsign, $owner, $shared)
                """,
                ("$id", station.Id.Value), ("$name", station.Name), ("$lat", station.Location.Latitude.Degrees),
                ("$lon", station.Location.Longitude.Degrees), ("$alt", station.Location.AltitudeMeters),
                ("$minel", station.MinimumElevationDeg), ("$mask", FormatMask(station.Mask)), ("$bands", FormatBands(station.Bands)),
                ("$a0", station.Rotator.MinAzimuthDeg), ("$a1", station.Rotator.MaxAzimuthDeg), ("$e0", station.Rotator.MinElevationDeg),
                ("$e1", station.Rotator.MaxElevationDeg), ("$slew", station.Rotator.SlewRateDegPerSecond), ("$callsign", station.Callsign),
                ("$owner", station.Owner), ("$shared", station.Shared ? 1 : 0));
            _stations[station.Id.Value] = station;
        }

        Raise(new RegistryChanged(RegistryChangeKind.Station, null, station.Id,
            created ? $"station {station.Id} added" : $"station {station.Id} changed"));
        return created;
    }

    /// <inheritdoc />
    public UnavailabilityWindow AddUnavailability(StationId station, DateTimeOffset start, DateTimeOffset until, string reason)
    {
        RegistryValidation.CheckUnavailability(start, until, reason);
        UnavailabilityWindow window;
        lock (_gate)
        {
            if (!_stations.ContainsKey(station.Value))
            {
                throw new KeyNotFoundException($"No station {station} in the registry.");
            }

            using var command = Command("""
                INSERT INTO unavailability (station, from_ticks, to_ticks, reason) VALUES ($station, $from, $to, $reason) RETURNING id
                """, ("$station", station.Value), ("$from", start.UtcTicks), ("$to", until.UtcTicks), ("$reason", reason.Trim()));
            window = new UnavailabilityWindow((long)command.ExecuteScalar()!, station, start.ToUniversalTime(), until.ToUniversalTime(), reason.Trim());
            _unavailability.Add(window);
        }

        Raise(new RegistryChanged(RegistryChangeKind.Unavailability, null, station,
            string.Create(CultureInfo.InvariantCulture, $"station {station} unavailable {start:O} to {until:O}: {window.Reason}")));
        return window;
    }

    /// <inheritdoc />
    public IReadOnlyList<UnavailabilityWindow> Unavailability(DateTimeOffset start, DateTimeOffset until, StationId? station = null)
    {
        lock (_gate)
        {
            return [.. _unavailability.Where(w => (station is null || w.Station == station) && w.Overlaps(start, until)).OrderBy(w => w.From).ThenBy(w => w.Id)];
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private static int NewestFirst(ElementSet a, ElementSet b)
    {
        var byEpoch = b.Epoch.CompareTo(a.Epoch);
        return byEpoch != 0 ? byEpoch : b.Id.CompareTo(a.Id);
    }

    private static bool SameStation(StationRecord a, StationRecord b) =>
        a with { Mask = null, Bands = [] } == b with { Mask = null, Bands = [] } &&
        FormatMask(a.Mask) == FormatMask(b.Mask) && FormatBands(a.Bands) == FormatBands(b.Bands);

    private static string? FormatMask(HorizonMask? mask) => mask is null
        ? null
        : string.Join(';', mask.Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Azimuth.Degrees:R}:{p.MinimumElevation.Degrees:R}")));

    private static HorizonMask? ParseMask(string? text) => string.IsNullOrEmpty(text)
        ? null
        : new HorizonMask(text.Split(';').Select(point =>
        {
            var parts = point.Split(':');
            return new HorizonPoint(new Azimuth(double.Parse(parts[0], CultureInfo.InvariantCulture)),
                new Elevation(double.Parse(parts[1], CultureInfo.InvariantCulture)));
        }));

    private static string FormatBands(IReadOnlyList<FrequencyBand> bands) =>
        string.Join(';', bands.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.MinHz}-{b.MaxHz}")));

    private static FrequencyBand[] ParseBands(string text) => text.Length == 0
        ? []
        : [.. text.Split(';').Select(band =>
        {
            var parts = band.Split('-');
            return new FrequencyBand(long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
        })];

    private void Load()
    {
        using (var reader = Command("SELECT id, norad, epoch_ticks, line1, line2, format, ingested_ticks FROM element_sets").ExecuteReader())
        {
            while (reader.Read())
            {
                var set = new ElementSet(reader.GetInt64(0), new NoradId(reader.GetInt32(1)), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero),
                    reader.GetString(3), reader.GetString(4), reader.GetString(5), new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero));
                (_history.TryGetValue(set.Norad.Value, out var list) ? list : _history[set.Norad.Value] = []).Add(set);
            }
        }

        foreach (var list in _history.Values)
        {
            list.Sort(NewestFirst);
        }

        using (var reader = Command("SELECT norad, name, tenant, priority, downlink_hz, uplink_hz, mode, callsign, min_contact_s, telemetry_decoder, command_dictionary FROM satellites").ExecuteReader())
        {
            while (reader.Read())
            {
                var norad = reader.GetInt32(0);
                _satellites[norad] = new SatelliteRecord(new NoradId(norad), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                    reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.GetString(6), reader.GetString(7), reader.GetInt32(8),
                    _history.TryGetValue(norad, out var list) ? list[0] : null)
                {
                    TelemetryDecoder = reader.IsDBNull(9) ? null : reader.GetString(9),
                    CommandDictionary = reader.IsDBNull(10) ? null : reader.GetString(10),
                };
            }
        }

        using (var reader = Command("""
            SELECT id, name, latitude, longitude, altitude_m, min_elevation, mask, bands, rot_min_az, rot_max_az, rot_min_el,
                rot_max_el, rot_slew, callsign, owner, shared FROM stations
            """).ExecuteReader())
        {
            while (reader.Read())
            {
                var station = new StationRecord(StationId.Parse(reader.GetString(0)), reader.GetString(1),
                    new GeodeticPosition(new Latitude(reader.GetDouble(2)), new Longitude(reader.GetDouble(3)), reader.GetDouble(4)),
                    reader.GetDouble(5), ParseMask(reader.IsDBNull(6) ? null : reader.GetString(6)), ParseBands(reader.GetString(7)),
                    new RotatorLimits(reader.GetDouble(8), reader.GetDouble(9), reader.GetDouble(10), reader.GetDouble(11), reader.GetDouble(12)),
                    reader.GetString(13), reader.GetString(14), reader.GetInt32(15) != 0);
                _stations[station.Id.Value] = station;
            }
        }

        using (var reader = Command("SELECT id, station, from_ticks, to_ticks, reason FROM unavailability ORDER BY id").ExecuteReader())
        {
            while (reader.Read())
            {
                _unavailability.Add(new UnavailabilityWindow(reader.GetInt64(0), StationId.Parse(reader.GetString(1)),
                    new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero), new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero), reader.GetString(4)));
            }
        }
    }

    private void Raise(RegistryChanged change) => Changed?.Invoke(this, change);

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
