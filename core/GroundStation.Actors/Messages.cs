namespace GroundStation.Actors;

/// <summary>Delivered to an actor that watches <paramref name="Actor"/> once that actor has stopped.</summary>
/// <param name="Actor">The actor that stopped.</param>
public sealed record Terminated(IActorRef Actor);

/// <summary>Why a message ended in dead letters.</summary>
public enum DeadLetterReason
{
    /// <summary>The recipient had stopped (or was stopping) when the message arrived or was still queued.</summary>
    RecipientStopped,

    /// <summary>The recipient's bounded mailbox was full and the sender used the non-waiting <see cref="IActorRef.Tell"/>.</summary>
    MailboxFull,

    /// <summary>The recipient received the message but did not handle it.</summary>
    Unhandled,

    /// <summary>An actor replied to a message that had no sender.</summary>
    NoRecipient,
}

/// <summary>A message that could not be delivered or was not handled, as published by <see cref="DeadLetterOffice"/>.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender, if any.</param>
/// <param name="Recipient">Where it was going, if anywhere.</param>
/// <param name="Reason">Why it was not delivered.</param>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef? Recipient, DeadLetterReason Reason);
