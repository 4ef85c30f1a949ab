using GroundStation.Actors;
using GroundStation.Messaging.Contracts;
using Microsoft.Extensions.Logging;

namespace GroundStation.Core.Contacts;

/// <summary>
/// One contact's lifecycle. Edge pass events move it forward (PrePass, Tracking, PostPass, Completed, Failed); it
/// never moves backwards, and a terminal state absorbs everything after it. Time fails it when the station stays
/// silent: no report by LOS + grace, or no completion by teardown + grace. Every transition is stored before anyone
/// hears of it; in a terminal state the actor tells its parent and stops.
/// </summary>
internal sealed partial class ContactActor(Contact initial, ContactStore store, IContactListener listener, ContactOptions options, TimeProvider time)
    : Actor
{
    private Contact _contact = initial;
    private ScheduleHandle? _deadline;

    /// <summary>The cause recorded when the station never reports on a contact.</summary>
    public const string NoReportCause = "no report from station";

    /// <summary>The cause recorded when the station started a contact and never finished it.</summary>
    public const string NoCompletionCause = "no completion report from station";

    /// <summary>The cause recorded for an active contact whose station went offline.</summary>
    public const string StationOfflineCause = "station offline";

    protected override void PreStart() => ArmDeadline();

    protected override ValueTask ReceiveAsync(object message)
    {
        switch (message)
        {
            case EdgePassReported reported:
                OnEdge(reported.Event);
                break;
            case ContactRescheduled rescheduled:
                OnRescheduled(rescheduled);
                break;
            case ContactRemoved removed:
                // A contact the station is already working on keeps running there; only one not yet under way is cancelled.
                if (_contact.State is ContactState.Scheduled or ContactState.PrePass)
                {
                    Move(ContactState.Cancelled, removed.Reason);
                }

                break;
            case StationWentOffline:
                if (_contact.State.IsActive())
                {
                    Move(ContactState.Failed, StationOfflineCause);
                }

                break;
            case CancelContact cancel:
                if (_contact.State.IsTerminal())
                {
                    Reply(new ContactCancelOutcome(_contact, $"contact is already {_contact.State}"));
                }
                else
                {
                    Move(ContactState.Cancelled, $"cancelled by {cancel.Principal}: {cancel.Reason}");
                    Reply(new ContactCancelOutcome(_contact, null));
                }

                break;
            case ContactDeadline:
                OnDeadline();
                break;
            default:
                Unhandled(message);
                break;
        }

        return ValueTask.CompletedTask;
    }

    private void OnEdge(PassEvent report)
    {
        var target = report.State switch
        {
            PassState.PrePass => ContactState.PrePass,
            PassState.Tracking => ContactState.Pass,
            PassState.PostPass => ContactState.PostPass,
            PassState.Completed => ContactState.Completed,
            PassState.Failed => ContactState.Failed,
            _ => (ContactState?)null,
        };
        if (target is not { } to || !IsForward(_contact.State, to))
        {
            return;
        }

        var cause = to == ContactState.Failed
            ? $"edge reported: {(string.IsNullOrWhiteSpace(report.Reason) ? "failure without a reason" : report.Reason)}"
            : $"edge reported: {report.State}";
        Move(to, cause);
    }

    private void OnRescheduled(ContactRescheduled rescheduled)
    {
        if (_contact.State == ContactState.Cancelled)
        {
            _contact = _contact.WithPlan(rescheduled.Plan);
            Move(ContactState.Scheduled, rescheduled.Reason);
            return;
        }

        if (_contact.State.IsTerminal())
        {
            return;
        }

        _contact = _contact.WithPlan(rescheduled.Plan);
        store.Save(_contact, null);
        ArmDeadline();
    }

    private void OnDeadline()
    {
        var now = time.GetUtcNow();
        if (_contact.State == ContactState.Scheduled && now >= _contact.Los + options.ReportGrace)
        {
            Move(ContactState.Failed, NoReportCause);
        }
        else if (_contact.State.IsActive() && now >= Latest(_contact.Los, _contact.TeardownEnd) + options.ReportGrace)
        {
            Move(ContactState.Failed, NoCompletionCause);
        }
        else
        {
            ArmDeadline();
        }
    }

    private void Move(ContactState to, string cause)
    {
        var at = time.GetUtcNow();
        var from = _contact.State;
        _contact = _contact.MoveTo(to, at, cause);
        var transition = _contact.Transitions[^1];
        store.Save(_contact, transition);
        LogTransition(Log, _contact.PassId.Value, from, to, cause);
        listener.OnTransition(_contact, transition);
        if (to.IsTerminal())
        {
            _deadline?.Cancel();
            Context.Parent.Tell(new ContactFinished(_contact.PassId), Self);
            Context.Stop(Self);
        }
        else
        {
            ArmDeadline();
        }
    }

    private void ArmDeadline()
    {
        _deadline?.Cancel();
        var due = _contact.State == ContactState.Scheduled
            ? _contact.Los + options.ReportGrace
            : Latest(_contact.Los, _contact.TeardownEnd) + options.ReportGrace;
        var delay = due - time.GetUtcNow();
        _deadline = Context.ScheduleTellOnce(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, new ContactDeadline());
    }

    // A station's events can arrive late or twice (QoS 1): only a later stage counts, Failed may come from any live state.
    private static bool IsForward(ContactState current, ContactState to) =>
        !current.IsTerminal() && (to == ContactState.Failed || Rank(to) > Rank(current));

    private static int Rank(ContactState state) => state switch
    {
        ContactState.Scheduled => 0,
        ContactState.PrePass => 1,
        ContactState.Pass => 2,
        ContactState.PostPass => 3,
        _ => 4,
    };

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact {PassId}: {From} -> {To} ({Cause})")]
    private static partial void LogTransition(ILogger logger, string passId, ContactState from, ContactState to, string cause);
}
