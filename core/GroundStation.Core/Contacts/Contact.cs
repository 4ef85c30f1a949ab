using System.Text.Json.Serialization;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;

namespace GroundStation.Core.Contacts;

/// <summary>Where a contact is in its lifecycle.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ContactState>))]
public enum ContactState
{
    /// <summary>In the schedule; nothing has happened yet.</summary>
    Scheduled,

    /// <summary>The station reported it is preparing (pre-positioning the antenna, tuning).</summary>
    PrePass,

    /// <summary>The station reported it is tracking the satellite.</summary>
    Pass,

    /// <summary>The satellite has set; the station is tearing down.</summary>
    PostPass,

    /// <summary>The station reported the contact completed.</summary>
    Completed,

    /// <summary>The contact failed; the cause says who or what failed it.</summary>
    Failed,

    /// <summary>The contact was cancelled before it ran; the cause says who or what cancelled it.</summary>
    Cancelled,
}

/// <summary>Helpers over <see cref="ContactState"/>.</summary>
public static class ContactStates
{
    /// <summary>Whether nothing more can happen to a contact in <paramref name="state"/>.</summary>
    public static bool IsTerminal(this ContactState state) =>
        state is ContactState.Completed or ContactState.Failed or ContactState.Cancelled;

    /// <summary>Whether the station has started working on a contact in <paramref name="state"/>.</summary>
    public static bool IsActive(this ContactState state) =>
        state is ContactState.PrePass or ContactState.Pass or ContactState.PostPass;
}

/// <summary>What the schedule says about one contact: the input a contact actor runs on.</summary>
/// <param name="PassId">The contact's id, assigned by the scheduler.</param>
/// <param name="Station">The station that runs it.</param>
/// <param name="Norad">The satellite.</param>
/// <param name="SatelliteName">The satellite's name, for people.</param>
/// <param name="Aos">Acquisition of signal.</param>
/// <param name="Tca">Time of closest approach.</param>
/// <param name="Los">Loss of signal.</param>
/// <param name="MaxElevationDeg">Highest elevation of the pass, degrees.</param>
/// <param name="SetupStart">When the station starts preparing (before AOS).</param>
/// <param name="TeardownEnd">When the station is done after LOS.</param>
public sealed record ContactPlan(
    PassId PassId,
    StationId Station,
    NoradId Norad,
    string SatelliteName,
    DateTimeOffset Aos,
    DateTimeOffset Tca,
    DateTimeOffset Los,
    double MaxElevationDeg,
    DateTimeOffset SetupStart,
    DateTimeOffset TeardownEnd);

/// <summary>One change of a contact's state.</summary>
/// <param name="From">The state before (null for the first entry).</param>
/// <param name="To">The state after.</param>
/// <param name="At">When, on the core's clock.</param>
/// <param name="Cause">Who or what caused it: an operator principal, "station offline", "edge reported: ...", "re-planned: ...".</param>
public sealed record ContactTransition(ContactState? From, ContactState To, DateTimeOffset At, string Cause);

/// <summary>A contact as the API shows it.</summary>
/// <param name="PassId">The contact's id.</param>
/// <param name="Station">The station.</param>
/// <param name="Norad">The satellite's catalogue number.</param>
/// <param name="SatelliteName">The satellite's name.</param>
/// <param name="Aos">Acquisition of signal.</param>
/// <param name="Tca">Time of closest approach.</param>
/// <param name="Los">Loss of signal.</param>
/// <param name="MaxElevationDeg">Highest elevation, degrees.</param>
/// <param name="SetupStart">Start of the station's preparation.</param>
/// <param name="TeardownEnd">End of the station's teardown.</param>
/// <param name="State">The current state.</param>
/// <param name="Cause">The cause of the last transition.</param>
/// <param name="UpdatedAt">When the state last changed.</param>
/// <param name="Transitions">Every transition, oldest first (empty in lists).</param>
public sealed record Contact(
    PassId PassId,
    StationId Station,
    int Norad,
    string SatelliteName,
    DateTimeOffset Aos,
    DateTimeOffset Tca,
    DateTimeOffset Los,
    double MaxElevationDeg,
    DateTimeOffset SetupStart,
    DateTimeOffset TeardownEnd,
    ContactState State,
    string Cause,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ContactTransition> Transitions)
{
    /// <summary>The schedule data of this contact.</summary>
    public ContactPlan Plan => new(PassId, Station, new NoradId(Norad), SatelliteName, Aos, Tca, Los, MaxElevationDeg, SetupStart, TeardownEnd);

    /// <summary>A new contact in <see cref="ContactState.Scheduled"/>.</summary>
    public static Contact Scheduled(ContactPlan plan, DateTimeOffset at, string cause)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new Contact(plan.PassId, plan.Station, plan.Norad.Value, plan.SatelliteName, plan.Aos, plan.Tca, plan.Los,
            plan.MaxElevationDeg, plan.SetupStart, plan.TeardownEnd, ContactState.Scheduled, cause, at,
            [new ContactTransition(null, ContactState.Scheduled, at, cause)]);
    }

    /// <summary>This contact moved to <paramref name="to"/>.</summary>
    public Contact MoveTo(ContactState to, DateTimeOffset at, string cause) =>
        this with { State = to, Cause = cause, UpdatedAt = at, Transitions = [.. Transitions, new ContactTransition(State, to, at, cause)] };

    /// <summary>This contact with the schedule data of <paramref name="plan"/> (same pass id).</summary>
    public Contact WithPlan(ContactPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return this with
        {
            SatelliteName = plan.SatelliteName,
            Aos = plan.Aos,
            Tca = plan.Tca,
            Los = plan.Los,
            MaxElevationDeg = plan.MaxElevationDeg,
            SetupStart = plan.SetupStart,
            TeardownEnd = plan.TeardownEnd,
        };
    }
}
