using GroundStation.Actors;
using GroundStation.Messaging.Contracts;
using Microsoft.Extensions.Logging;

namespace GroundStation.Core.Contacts;

/// <summary>
/// Parent of every live contact actor: creates them from schedule changes, routes station events to them, and on
/// start recovers every open contact from the store, so a restarted core picks up where it stopped.
/// </summary>
internal sealed partial class ContactsActor(ContactStore store, IContactListener listener, ContactOptions options, TimeProvider time) : Actor
{
    private readonly Dictionary<PassId, Live> _live = [];
    private long _generation;

    protected override void PreStart()
    {
        foreach (var contact in store.LoadOpen())
        {
            Spawn(contact);
        }
    }

    protected override ValueTask ReceiveAsync(object message)
    {
        switch (message)
        {
            case ApplySchedule change:
                foreach (var removed in change.Removed)
                {
                    if (!change.Added.Any(added => added.PassId == removed) && _live.TryGetValue(removed, out var gone))
                    {
                        gone.Ref.Tell(new ContactRemoved(change.Reason), Self);
                    }
                }

                foreach (var added in change.Added)
                {
                    Schedule(added, change.Reason);
                }

                break;
            case ReconcileSchedule reconcile:
                Reconcile(reconcile);
                break;
            case EdgePassReported reported:
                if (PassId.TryParse(reported.Event.PassId, out var passId) && _live.TryGetValue(passId, out var target))
                {
                    target.Ref.Tell(reported, Self);
                }
                else
                {
                    LogUnknownPass(Log, reported.Event.PassId, reported.Event.Station.Value, reported.Event.State);
                }

                break;
            case StationWentOffline offline:
                foreach (var live in _live.Values.Where(live => live.Station == offline.Station))
                {
                    live.Ref.Tell(offline, Self);
                }

                break;
            case CancelContact cancel:
                if (_live.TryGetValue(cancel.PassId, out var contact))
                {
                    contact.Ref.Tell(cancel, Sender);
                }
                else
                {
                    var stored = store.Find(cancel.PassId);
                    Reply(new ContactCancelOutcome(stored, stored is null ? null : $"contact is already {stored.State}"));
                }

                break;
            case ContactFinished finished:
                if (_live.TryGetValue(finished.PassId, out var done) && Sender is { } sender && done.Ref.Path.Equals(sender.Path))
                {
                    _live.Remove(finished.PassId);
                }

                break;
            default:
                Unhandled(message);
                break;
        }

        return ValueTask.CompletedTask;
    }

    private void Schedule(ContactPlan plan, string reason)
    {
        if (_live.TryGetValue(plan.PassId, out var live))
        {
            live.Ref.Tell(new ContactRescheduled(plan, reason), Self);
            return;
        }

        var existing = store.Find(plan.PassId);
        if (existing is null)
        {
            var contact = Contact.Scheduled(plan, time.GetUtcNow(), reason);
            store.Save(contact, contact.Transitions[0]);
            listener.OnTransition(contact, contact.Transitions[0]);
            Spawn(contact);
        }
        else if (existing.State == ContactState.Cancelled)
        {
            // Scheduled again after a cancellation (a station came back, a re-plan restored it): the same contact resumes.
            Spawn(existing).Tell(new ContactRescheduled(plan, reason), Self);
        }
    }

    private void Reconcile(ReconcileSchedule reconcile)
    {
        var current = reconcile.Current.Select(plan => plan.PassId).ToHashSet();
        foreach (var (passId, live) in _live.ToList())
        {
            if (!current.Contains(passId) && live.Aos >= reconcile.From && live.Aos < reconcile.To)
            {
                live.Ref.Tell(new ContactRemoved("no longer in the schedule after a core restart"), Self);
            }
        }

        foreach (var plan in reconcile.Current)
        {
            Schedule(plan, "scheduled");
        }
    }

    private IActorRef Spawn(Contact contact)
    {
        var name = $"contact-{contact.PassId.Value}-{++_generation}";
        var passId = contact.PassId;
        // A restarted actor resumes from what was last stored, not from the state it was first created with.
        var actor = Context.ActorOf(Props.Create(() => new ContactActor(store.Find(passId) ?? contact, store, listener, options, time)), name);
        _live[contact.PassId] = new Live(actor, contact.Station, contact.Aos);
        return actor;
    }

    private sealed record Live(IActorRef Ref, StationId Station, DateTimeOffset Aos);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pass event {State} from {Station} for {PassId}, which is not a live contact; ignored")]
    private static partial void LogUnknownPass(ILogger logger, string passId, string station, PassState state);
}
