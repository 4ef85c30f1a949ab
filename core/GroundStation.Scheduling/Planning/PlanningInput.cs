using GroundStation.Messaging.Contracts;
using GroundStation.Registry;

namespace GroundStation.Scheduling.Planning;

/// <summary>Everything one planning run depends on; the same input always gives the same plan.</summary>
/// <param name="Now">Planning time: contacts whose setup began before it are frozen, candidates must start after it.</param>
/// <param name="HorizonEnd">Candidates with AOS from here on wait for a later run.</param>
/// <param name="Satellites">Satellites with an element set, by NORAD id.</param>
/// <param name="Stations">Stations, by id.</param>
/// <param name="Unavailability">Station unavailability windows.</param>
/// <param name="LostStations">Stations currently lost (no contacts on them), with the reason.</param>
/// <param name="Frozen">Contacts already under way: kept exactly as they are.</param>
internal sealed record PlanningInput(
    DateTimeOffset Now,
    DateTimeOffset HorizonEnd,
    IReadOnlyList<SatelliteRecord> Satellites,
    IReadOnlyList<StationRecord> Stations,
    IReadOnlyList<UnavailabilityWindow> Unavailability,
    IReadOnlyDictionary<StationId, string> LostStations,
    IReadOnlyList<PlannedContact> Frozen);

/// <summary>The outcome of one planning run.</summary>
/// <param name="Scheduled">Every contact from the planning time on (frozen ones included), by AOS then pass id.</param>
/// <param name="Rejected">Every candidate not scheduled, with its reason, per station.</param>
/// <param name="Candidates">How many candidate passes were considered.</param>
internal sealed record PlanningResult(IReadOnlyList<PlannedContact> Scheduled, Rejections Rejected, int Candidates);
