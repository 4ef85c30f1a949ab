namespace GroundStation.Simulators.Hamlib;

/// <summary>
/// What a simulated Hamlib command produced: a code (0 or a negative Hamlib error) and values. A value with a key
/// prints as <c>Key: value</c> in extended replies and as the bare value in plain ones; a value without a key prints
/// as is in both. A bare result (<c>\chk_vfo</c>) has no echo line and no <c>RPRT</c>, as rigctld does.
/// </summary>
public sealed record HamlibResult(int Code, IReadOnlyList<KeyValuePair<string?, string>> Values, bool Bare = false)
{
    /// <summary>Success without values.</summary>
    public static readonly HamlibResult Ok = new(0, []);

    /// <summary>A failure with Hamlib error <paramref name="error"/> (a positive number, sent as RPRT -error).</summary>
    public static HamlibResult Error(int error) => new(-Math.Abs(error), []);

    /// <summary>Success with keyed values.</summary>
    public static HamlibResult With(params (string? Key, string Value)[] values) =>
        new(0, [.. values.Select(v => new KeyValuePair<string?, string>(v.Key, v.Value))]);
}

/// <summary>One command a simulated daemon understands.</summary>
/// <param name="Letter">The one-character form (e.g. 'P'), or '\0' for a long-only command.</param>
/// <param name="Name">The long form without its backslash (e.g. "set_pos").</param>
/// <param name="Arguments">How many arguments it takes (not counting a VFO in VFO mode).</param>
/// <param name="TakesVfo">Whether a VFO argument comes first when the daemon runs in VFO mode.</param>
/// <param name="Handle">Runs the command with its arguments (VFO first, when present).</param>
public sealed record HamlibCommandSpec(char Letter, string Name, int Arguments, bool TakesVfo, Func<string[], HamlibResult> Handle);
