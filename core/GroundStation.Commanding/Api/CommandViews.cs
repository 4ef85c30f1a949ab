using System.Text.Json.Serialization;

namespace GroundStation.Commanding.Api;

/// <summary>Body of <c>POST /api/v1/commands</c>.</summary>
/// <param name="Norad">The target satellite.</param>
/// <param name="Command">The dictionary name of the command.</param>
/// <param name="ArgumentHex">The argument as hex, if any.</param>
/// <param name="ExpiresInSeconds">How long it may wait for a contact.</param>
public sealed record SendCommandRequest(int? Norad, string? Command, string? ArgumentHex, long? ExpiresInSeconds);

/// <summary>Body of <c>POST /api/v1/commands/{commandId}/cancel</c>.</summary>
/// <param name="Reason">Why.</param>
public sealed record CancelCommandRequest(string? Reason);

/// <summary>One entry of a command dictionary as the API shows it.</summary>
/// <param name="Name">The command name.</param>
/// <param name="Opcode">Its opcode.</param>
/// <param name="Argument">What its argument is.</param>
/// <param name="Critical">True when it needs a second principal's approval.</param>
public sealed record CommandDefinitionView(string Name, int Opcode, string Argument, bool Critical);

/// <summary>A step of a command's history.</summary>
/// <param name="Stage">The stage after the step.</param>
/// <param name="At">When.</param>
/// <param name="By">Who or what.</param>
/// <param name="Detail">What happened.</param>
public sealed record CommandEventView(CommandState Stage, DateTimeOffset At, string By, string Detail);

/// <summary>A command as the API shows it.</summary>
/// <param name="CommandId">The core's id.</param>
/// <param name="Norad">The satellite.</param>
/// <param name="Command">The command name.</param>
/// <param name="Opcode">Its opcode.</param>
/// <param name="ArgumentHex">Its argument.</param>
/// <param name="Critical">True when it needed approval.</param>
/// <param name="OnboardId">The id the satellite echoes.</param>
/// <param name="Stage">The current stage.</param>
/// <param name="SentBy">The sender.</param>
/// <param name="ApprovedBy">The approver.</param>
/// <param name="ReceivedAt">When the core accepted it.</param>
/// <param name="ExpiresAt">Its expiry.</param>
/// <param name="PassId">The contact it was released for.</param>
/// <param name="Station">The station.</param>
/// <param name="ReleasedAt">When it was released.</param>
/// <param name="SentAt">When the station sent it.</param>
/// <param name="Reason">Why it failed, was cancelled or expired.</param>
/// <param name="History">Every stage: who, when, what (only on the single-command route).</param>
public sealed record CommandView(
    string CommandId,
    int Norad,
    string Command,
    int Opcode,
    string ArgumentHex,
    bool Critical,
    int OnboardId,
    CommandState Stage,
    string SentBy,
    string? ApprovedBy,
    DateTimeOffset ReceivedAt,
    DateTimeOffset ExpiresAt,
    string? PassId,
    string? Station,
    DateTimeOffset? ReleasedAt,
    DateTimeOffset? SentAt,
    string? Reason,
    IReadOnlyList<CommandEventView>? History)
{
    /// <summary>The view of <paramref name="record"/>, with its history when given.</summary>
    public static CommandView Of(CommandRecord record, IReadOnlyList<CommandEvent>? history = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new CommandView(record.CommandId, record.Norad.Value, record.Name, record.Opcode, Convert.ToHexString(record.Argument), record.Critical,
            record.OnboardId, record.State, record.SentBy, record.ApprovedBy, record.ReceivedAt, record.ExpiresAt, record.PassId, record.Station,
            record.ReleasedAt, record.SentAt, record.Reason, history?.Select(e => new CommandEventView(e.State, e.At, e.By, e.Detail)).ToArray());
    }
}

/// <summary>Answer of the hold and release routes.</summary>
/// <param name="Norad">The satellite.</param>
/// <param name="Held">True when its queue is held.</param>
public sealed record CommandQueueView(int Norad, bool Held);

/// <summary>Source-generated JSON of the commanding API: camelCase, enums as strings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendCommandRequest))]
[JsonSerializable(typeof(CancelCommandRequest))]
[JsonSerializable(typeof(CommandView))]
[JsonSerializable(typeof(IReadOnlyList<CommandView>))]
[JsonSerializable(typeof(IReadOnlyList<CommandDefinitionView>))]
[JsonSerializable(typeof(CommandQueueView))]
public sealed partial class CommandingJsonContext : JsonSerializerContext;
