using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace GroundStation.Commanding.Dictionary;

/// <summary>One command of a dictionary.</summary>
/// <param name="Name">The operator's name, e.g. <c>set-mode</c>.</param>
/// <param name="Opcode">The on-board opcode.</param>
/// <param name="Argument">What the argument is, in words (shown by the API).</param>
/// <param name="Critical">True when a second principal must approve it.</param>
/// <param name="ValidateArgument">Null when the argument bytes are acceptable, else the problem.</param>
public sealed record CommandDefinition(string Name, byte Opcode, string Argument, bool Critical, Func<byte[], string?> ValidateArgument);

/// <summary>A named set of commands.</summary>
/// <param name="Name">The dictionary name, e.g. <c>gs-sim-v1</c>.</param>
/// <param name="Commands">Its commands.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "'Command dictionary' is the mission-control term (Yamcs, COSMOS).")]
public sealed record CommandDictionary(string Name, IReadOnlyList<CommandDefinition> Commands)
{
    /// <summary>The command called <paramref name="name"/>.</summary>
    public CommandDefinition? Find(string name) => Commands.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}

/// <summary>The dictionaries the core knows, by name; <c>gs-sim-v1</c> is built in.</summary>
public sealed class CommandDictionaryRegistry
{
    private readonly ConcurrentDictionary<string, CommandDictionary> _dictionaries = new(StringComparer.Ordinal);

    /// <summary>Creates a registry holding <see cref="SimCommands.Dictionary"/>.</summary>
    public CommandDictionaryRegistry() => Register(SimCommands.Dictionary);

    /// <summary>Adds or replaces a dictionary.</summary>
    public void Register(CommandDictionary dictionary)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        _dictionaries[dictionary.Name] = dictionary;
    }

    /// <summary>The dictionary named <paramref name="name"/>.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out CommandDictionary? dictionary) => _dictionaries.TryGetValue(name, out dictionary);

    /// <summary>The names of the dictionaries held.</summary>
    public IReadOnlyCollection<string> Names => _dictionaries.Keys.ToArray();
}

/// <summary>The simulated satellite's telecommands (docs/SIMULATED-SATELLITE.md).</summary>
public static class SimCommands
{
    /// <summary>The dictionary's name.</summary>
    public const string DictionaryName = "gs-sim-v1";

    /// <summary>ping, set-mode (critical), reboot (critical), dump-stored-telemetry.</summary>
    public static CommandDictionary Dictionary { get; } = new(DictionaryName,
    [
        new("ping", 0x01, "none", Critical: false, NoArgument),
        new("set-mode", 0x02, "1 byte: 0 Safe, 1 Nominal, 2 Payload", Critical: true,
            a => a.Length != 1 ? $"set-mode takes 1 byte (the mode); {a.Length} given."
                : a[0] > 2 ? string.Create(CultureInfo.InvariantCulture, $"mode {a[0]} is not 0 (Safe), 1 (Nominal) or 2 (Payload).")
                : null),
        new("reboot", 0x03, "none", Critical: true, NoArgument),
        new("dump-stored-telemetry", 0x04, "1 byte: how many samples, 0 = all", Critical: false,
            a => a.Length != 1 ? $"dump-stored-telemetry takes 1 byte (the sample count, 0 = all); {a.Length} given." : null),
    ]);

    private static string? NoArgument(byte[] argument) => argument.Length == 0 ? null : $"takes no argument; {argument.Length} bytes given.";
}
