using GroundStation.Actors;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Core.Contacts;

/// <summary>
/// The contacts' front door: feeds schedule changes, pass events and station loss to the contact actors (under
/// <c>/user/contacts</c>) and answers reads from the store, which every transition reaches before it is announced.
/// </summary>
public sealed class ContactService
{
    private readonly ActorSystem _system;
    private readonly ContactStore _store;
    private readonly IActorRef _contacts;

    /// <summary>Starts the contacts actor, which recovers every open contact from <paramref name="store"/>.</summary>
    public ContactService(ActorSystem system, ContactStore store, IContactListener listener, ContactOptions options)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _system = system;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        var time = system.TimeProvider;
        _contacts = system.ActorOf(Props.Create(() => new ContactsActor(store, listener, options, time)).WithMailboxCapacity(10_000), "contacts");
    }

    /// <summary>How long a cancel request waits for the contact's actor.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Applies a schedule change (back-pressured: waits when the contacts' mailbox is full).</summary>
    public ValueTask ApplyAsync(ApplySchedule change, CancellationToken cancellationToken) =>
        _contacts.TellAsync(change, null, cancellationToken);

    /// <summary>Applies a schedule change without waiting (from an event handler); false when the mailbox is full.</summary>
    public bool Apply(ApplySchedule change) => _contacts.Tell(change);

    /// <summary>After a restart: the whole schedule in a window, to reconcile the recovered contacts with.</summary>
    public ValueTask ReconcileAsync(ReconcileSchedule schedule, CancellationToken cancellationToken) =>
        _contacts.TellAsync(schedule, null, cancellationToken);

    /// <summary>A station's pass event.</summary>
    public ValueTask OnPassEventAsync(PassEvent passEvent, CancellationToken cancellationToken) =>
        _contacts.TellAsync(new EdgePassReported(passEvent), null, cancellationToken);

    /// <summary>A station went offline: its active contact fails with "station offline".</summary>
    public void StationOffline(StationId station, DateTimeOffset since) =>
        _contacts.Tell(new StationWentOffline(station, since));

    /// <summary>An operator cancels a contact.</summary>
    public Task<ContactCancelOutcome> CancelAsync(PassId passId, string principal, string reason, CancellationToken cancellationToken) =>
        _system.AskAsync<ContactCancelOutcome>(_contacts, new CancelContact(passId, principal, reason), AskTimeout, cancellationToken);

    /// <summary>One contact with its transitions, or null.</summary>
    public Contact? Find(PassId passId) => _store.Find(passId);

    /// <summary>Contacts matching the query, by AOS.</summary>
    public IReadOnlyList<Contact> Query(ContactQuery query) => _store.Query(query);
}
