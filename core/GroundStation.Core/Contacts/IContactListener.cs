namespace GroundStation.Core.Contacts;

/// <summary>Hears every contact transition after it is stored (the live event stream, tests).</summary>
public interface IContactListener
{
    /// <summary>Called from the contact's actor: must not block.</summary>
    void OnTransition(Contact contact, ContactTransition transition);
}
