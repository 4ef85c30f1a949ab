using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;

namespace GroundStation.Registry;

/// <summary>
/// The network's satellites, stations and station unavailability. Thread-safe; every write is stored before
/// <see cref="Changed"/> is raised.
/// </summary>
public interface IRegistry
{
    /// <summary>Raised after every stored change (on the writer's thread: handlers must be quick).</summary>
    event EventHandler<RegistryChanged>? Changed;

    /// <summary>All satellites, or only those of <paramref name="tenant"/>, ordered by NORAD id.</summary>
    IReadOnlyList<SatelliteRecord> Satellites(string? tenant = null);

    /// <summary>One satellite, or null.</summary>
    SatelliteRecord? FindSatellite(NoradId norad);

    /// <summary>Creates or updates a satellite; <c>Created</c> is true when it did not exist.</summary>
    /// <exception cref="RegistryValidationException">A value is invalid, or the satellite belongs to another tenant (field "tenant").</exception>
    (SatelliteRecord Satellite, bool Created) UpsertSatellite(SatelliteSpec spec);

    /// <summary>
    /// Ingests one element set for <paramref name="norad"/> from a TLE, a 3LE or an OMM (JSON object or one-element
    /// array). The history keeps every set; <see cref="SatelliteRecord.Latest"/> is the newest epoch. Ingesting the same
    /// lines again returns the stored set and changes nothing.
    /// </summary>
    /// <exception cref="RegistryValidationException">Unreadable text, several sets, or a set of another satellite.</exception>
    /// <exception cref="KeyNotFoundException">No such satellite.</exception>
    ElementSet IngestElements(NoradId norad, string text);

    /// <summary>The element-set history of a satellite, newest epoch first.</summary>
    IReadOnlyList<ElementSet> ElementHistory(NoradId norad, int limit = 100);

    /// <summary>All stations, ordered by id.</summary>
    IReadOnlyList<StationRecord> Stations();

    /// <summary>One station, or null.</summary>
    StationRecord? FindStation(StationId id);

    /// <summary>Creates or updates a station; true when it did not exist.</summary>
    /// <exception cref="RegistryValidationException">A value is invalid.</exception>
    bool UpsertStation(StationRecord station);

    /// <summary>Blocks a station for a period.</summary>
    /// <exception cref="RegistryValidationException">Bad period or reason.</exception>
    /// <exception cref="KeyNotFoundException">No such station.</exception>
    UnavailabilityWindow AddUnavailability(StationId station, DateTimeOffset start, DateTimeOffset until, string reason);

    /// <summary>Unavailability windows overlapping [<paramref name="start"/>, <paramref name="until"/>), optionally of one station, by start.</summary>
    IReadOnlyList<UnavailabilityWindow> Unavailability(DateTimeOffset start, DateTimeOffset until, StationId? station = null);
}
