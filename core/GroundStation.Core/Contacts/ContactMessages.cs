using GroundStation.Messaging.Contracts;

namespace GroundStation.Core.Contacts;

/// <summary>The schedule changed: contacts added (or re-timed) and removed, with the scheduler's reason.</summary>
/// <param name="Added">Contacts now in the schedule.</param>
/// <param name="Removed">Contacts no longer in it.</param>
/// <param name="Reason">Why, e.g. "new element set for 90001 (epoch ...)" after a TLE update.</param>
public sealed record ApplySchedule(IReadOnlyList<ContactPlan> Added, IReadOnlyList<PassId> Removed, string Reason);

/// <summary>
/// After a restart: <paramref name="Current"/> is the whole schedule between <paramref name="From"/> and
/// <paramref name="To"/>; open contacts in that window that are missing from it and have not started are cancelled.
/// </summary>
/// <param name="Current">Every scheduled contact in the window.</param>
/// <param name="From">Start of the window.</param>
/// <param name="To">End of the window.</param>
public sealed record ReconcileSchedule(IReadOnlyList<ContactPlan> Current, DateTimeOffset From, DateTimeOffset To);

/// <summary>A station reported a pass event.</summary>
/// <param name="Event">The event as received.</param>
public sealed record EdgePassReported(PassEvent Event);

/// <summary>A station went offline (its presence turned Offline).</summary>
/// <param name="Station">The station.</param>
/// <param name="Since">Since when, by the station's presence message.</param>
public sealed record StationWentOffline(StationId Station, DateTimeOffset Since);

/// <summary>An operator cancels a contact. The answer is a <see cref="ContactCancelOutcome"/>.</summary>
/// <param name="PassId">The contact.</param>
/// <param name="Principal">Who cancels.</param>
/// <param name="Reason">Why.</param>
public sealed record CancelContact(PassId PassId, string Principal, string Reason);

/// <summary>The answer to <see cref="CancelContact"/>.</summary>
/// <param name="Contact">The contact after the request, null when it does not exist.</param>
/// <param name="Conflict">Why the contact could not be cancelled (already finished), or null when it was.</param>
public sealed record ContactCancelOutcome(Contact? Contact, string? Conflict);

/// <summary>Told by a contact actor to its parent just before it stops in a terminal state.</summary>
/// <param name="PassId">The contact.</param>
internal sealed record ContactFinished(PassId PassId);

/// <summary>The contact's time limit: no (complete) report from the station in time.</summary>
internal sealed record ContactDeadline;

/// <summary>The schedule data of a live contact changed (same pass id), or a cancelled one was scheduled again.</summary>
/// <param name="Plan">The new schedule data.</param>
/// <param name="Reason">Why.</param>
internal sealed record ContactRescheduled(ContactPlan Plan, string Reason);

/// <summary>The contact left the schedule.</summary>
/// <param name="Reason">Why.</param>
internal sealed record ContactRemoved(string Reason);
