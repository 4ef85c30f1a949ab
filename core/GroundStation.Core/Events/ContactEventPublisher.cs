using GroundStation.Core.Contacts;

namespace GroundStation.Core.Events;

/// <summary>Announces every contact transition on the live stream as a <c>contact</c> event (the contact without its history).</summary>
public sealed class ContactEventPublisher(CoreEventHub hub) : IContactListener
{
    /// <inheritdoc />
    public void OnTransition(Contact contact, ContactTransition transition)
    {
        ArgumentNullException.ThrowIfNull(contact);
        hub.Publish("contact", CoreJson.Serialize(contact with { Transitions = [transition] }));
    }
}
