using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;
using GroundStation.Orbits;

namespace GroundStation.Scheduling;

/// <summary>A contact the scheduler committed a station to.</summary>
/// <param name="PassId">The contact's id (<c>{station}.{norad}.{aos:yyyyMMddTHHmm}Z</c>).</param>
/// <param name="Station">The station.</param>
/// <param name="Norad">The satellite.</param>
/// <param name="SatelliteName">The satellite's name when planned.</param>
/// <param name="Aos">Rise above the station's threshold (minimum elevation and mask).</param>
/// <param name="Tca">Culmination.</param>
/// <param name="Los">Set below the threshold.</param>
/// <param name="MaxElevationDeg">Elevation at culmination.</param>
/// <param name="AosAzimuthDeg">Azimuth at AOS (where the rotator waits).</param>
/// <param name="LosAzimuthDeg">Azimuth at LOS.</param>
/// <param name="SetupStart">AOS less the pre-pass margin: from here the contact is under way and is never moved.</param>
/// <param name="TeardownEnd">LOS plus the post-pass margin.</param>
public sealed record ScheduledContact(PassId PassId, StationId Station, NoradId Norad, string SatelliteName,
    DateTimeOffset Aos, DateTimeOffset Tca, DateTimeOffset Los, double MaxElevationDeg, double AosAzimuthDeg,
    double LosAzimuthDeg, DateTimeOffset SetupStart, DateTimeOffset TeardownEnd);

/// <summary>
/// One change of the schedule. <paramref name="Added"/> holds new contacts and contacts whose times changed (same
/// <see cref="PassId"/>, new values: treat it as an upsert); <paramref name="Removed"/> holds contacts that are gone.
/// </summary>
/// <param name="Version">The schedule version after the change; increases by one per change.</param>
/// <param name="Added">New or updated contacts.</param>
/// <param name="Removed">Contacts no longer scheduled.</param>
/// <param name="Reason">What caused the re-plan.</param>
public sealed record ScheduleChanged(long Version, IReadOnlyList<ScheduledContact> Added, IReadOnlyList<ScheduledContact> Removed, string Reason);

/// <summary>The scheduled contacts, as the rest of the core reads them.</summary>
public interface IContactSchedule
{
    /// <summary>Contacts whose [AOS, LOS] overlaps [<paramref name="from"/>, <paramref name="to"/>], by AOS, optionally filtered.</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "The parameter names are the shared contract of DESIGN.md.")]
    IReadOnlyList<ScheduledContact> Scheduled(DateTimeOffset from, DateTimeOffset to, StationId? station = null, NoradId? norad = null);

    /// <summary>One contact by id (past ones included while retained), or null.</summary>
    ScheduledContact? Find(PassId passId);

    /// <summary>Raised after each stored change of the schedule (on the planner's thread: handlers must be quick).</summary>
    event EventHandler<ScheduleChanged>? Changed;
}

/// <summary>Delivers a station's signed plan to it.</summary>
public interface IPlanPublisher
{
    /// <summary>Publishes <paramref name="plan"/> (a signed <see cref="PassPlan"/>) for <paramref name="station"/>.</summary>
    ValueTask PublishAsync(StationId station, SignedEnvelope plan, CancellationToken ct);
}

/// <summary>
/// Publishes plans on <see cref="GroundStationTopics.Plan"/> retained at QoS 1 over a Messaging <see cref="MqttClient"/>:
/// a station that connects later still gets its latest plan, and the client redelivers across reconnects.
/// </summary>
/// <param name="client">A started client (it may be offline: the message is queued).</param>
public sealed class MqttPlanPublisher(MqttClient client) : IPlanPublisher
{
    private readonly MqttClient _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <inheritdoc />
    public ValueTask PublishAsync(StationId station, SignedEnvelope plan, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var message = new MqttApplicationMessage(GroundStationTopics.Plan(station), GroundStationMessages.Encode(plan),
            MqttQualityOfService.AtLeastOnce, Retain: true);
        return _client.PublishAsync(message, ct);
    }
}

/// <summary>Whether a candidate pass made it into the schedule.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PassDecisionStatus>))]
public enum PassDecisionStatus
{
    /// <summary>Scheduled: the station is committed to it.</summary>
    Scheduled,

    /// <summary>Not scheduled; the reason says why.</summary>
    Rejected,
}

/// <summary>The scheduler's decision on one candidate pass.</summary>
/// <param name="Contact">The pass (for a rejected candidate: what the contact would have been).</param>
/// <param name="Status">Scheduled or rejected.</param>
/// <param name="Reason">Why it was rejected (null when scheduled).</param>
public sealed record PassDecision(ScheduledContact Contact, PassDecisionStatus Status, string? Reason);
