using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Commanding;

/// <summary>What <see cref="CommandGate.ReceiveAsync"/> decided.</summary>
/// <param name="Accepted">True when the command is queued for its pass.</param>
/// <param name="CommandId">The command id, when one could be read.</param>
/// <param name="PassId">The pass it is for, when one could be read.</param>
/// <param name="Code">Why it was refused (<see cref="CommandFailureCodes"/>); null when accepted.</param>
/// <param name="Detail">A sentence for the log naming what failed.</param>
public sealed record CommandGateResult(bool Accepted, string? CommandId, string? PassId, string? Code, string Detail);

/// <summary>A command the gate holds, and how far it got.</summary>
/// <param name="Command">The verified telecommand.</param>
/// <param name="PassId">Its pass.</param>
/// <param name="Stage">Queued, Released (handed to the uplink), Sent or Failed.</param>
/// <param name="Reason">The failure code when <see cref="CommandStage.Failed"/>.</param>
/// <param name="ReceivedAt">When the gate accepted it.</param>
/// <param name="UpdatedAt">When it reached <paramref name="Stage"/>.</param>
public sealed record GatedCommand(
    Telecommand Command,
    PassId PassId,
    CommandStage Stage,
    string? Reason,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt);
