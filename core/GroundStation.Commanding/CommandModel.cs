using GroundStation.Orbits;

namespace GroundStation.Commanding;

/// <summary>Where a command stands, on the model of the mission control systems' command stages.</summary>
public enum CommandState
{
    /// <summary>Accepted by the core and authorised by IAM.</summary>
    Received,

    /// <summary>A critical command waiting for a second principal.</summary>
    AwaitingApproval,

    /// <summary>Waiting for the satellite's next contact (or for its held queue to be released).</summary>
    Queued,

    /// <summary>Signed and published to the contact's station, waiting to be uplinked.</summary>
    Released,

    /// <summary>The station's TNC transmitted it; the verifier watches the housekeeping.</summary>
    Sent,

    /// <summary>The housekeeping reported it executed.</summary>
    Verified,

    /// <summary>Refused by the station or the satellite, or not verified in time; the reason says which.</summary>
    Failed,

    /// <summary>Withdrawn by an operator.</summary>
    Cancelled,

    /// <summary>Its expiry passed before it could be sent.</summary>
    Expired,
}

/// <summary>One step of a command's history.</summary>
/// <param name="State">The state after the step (unchanged for informational steps such as an edge's Queued).</param>
/// <param name="At">When (the core's clock).</param>
/// <param name="By">Who or what: a principal, <c>core</c>, <c>station:{id}</c> or <c>verifier</c>.</param>
/// <param name="Detail">What happened.</param>
public sealed record CommandEvent(CommandState State, DateTimeOffset At, string By, string Detail);

/// <summary>A command and its current state.</summary>
/// <param name="CommandId">The core's id (<c>cmd-</c> + 12 base32 characters).</param>
/// <param name="Norad">The target satellite.</param>
/// <param name="Tenant">The satellite's tenant.</param>
/// <param name="Name">The dictionary name of the command.</param>
/// <param name="Opcode">Its opcode.</param>
/// <param name="Argument">Its argument bytes.</param>
/// <param name="Critical">True when it needs a second principal's approval.</param>
/// <param name="OnboardId">The 16-bit id the satellite echoes as "last command id".</param>
/// <param name="SentBy">The principal who sent it.</param>
/// <param name="SenderKeyId">The IAM key id the sender used.</param>
/// <param name="ApprovedBy">The approving principal, for a critical command.</param>
/// <param name="ReceivedAt">When the core accepted it.</param>
/// <param name="ExpiresAt">After this it is never uplinked.</param>
/// <param name="State">Its state.</param>
/// <param name="PassId">The contact it was released for.</param>
/// <param name="Station">The station it was released to.</param>
/// <param name="WindowAos">The release window's AOS.</param>
/// <param name="WindowLos">The release window's LOS.</param>
/// <param name="ReleasedAt">When it was released.</param>
/// <param name="SentAt">When the station reported it sent.</param>
/// <param name="Reason">Why it failed, was cancelled or expired.</param>
/// <param name="Envelope">The signed telecommand as published (JSON), while released.</param>
public sealed record CommandRecord(
    string CommandId,
    NoradId Norad,
    string Tenant,
    string Name,
    byte Opcode,
    byte[] Argument,
    bool Critical,
    ushort OnboardId,
    string SentBy,
    string SenderKeyId,
    string? ApprovedBy,
    DateTimeOffset ReceivedAt,
    DateTimeOffset ExpiresAt,
    CommandState State,
    string? PassId,
    string? Station,
    DateTimeOffset? WindowAos,
    DateTimeOffset? WindowLos,
    DateTimeOffset? ReleasedAt,
    DateTimeOffset? SentAt,
    string? Reason,
    byte[]? Envelope)
{
    /// <summary>True once nothing more will happen to it.</summary>
    public bool IsFinal => State is CommandState.Verified or CommandState.Failed or CommandState.Cancelled or CommandState.Expired;
}
