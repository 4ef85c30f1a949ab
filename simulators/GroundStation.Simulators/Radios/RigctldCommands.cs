using System.Globalization;
using GroundStation.Simulators.Hamlib;

namespace GroundStation.Simulators.Radios;

/// <summary>
/// rigctld's command set over a <see cref="SimulatedRadio"/>: F/f, M/m, V/v, T/t, <c>\chk_vfo</c>,
/// <c>\get_powerstat</c> and a <c>\dump_state</c> in the layout <c>rigctl -m 2</c> parses. In VFO mode
/// (<c>rigctld --vfo</c>) frequency, mode and PTT commands take the VFO as their first argument.
/// </summary>
public static class RigctldCommands
{
    private const int InvalidArgument = 1;
    private const int InvalidVfo = 16;

    /// <summary>Builds the responder; <paramref name="vfoMode"/> makes it behave as <c>rigctld --vfo</c>.</summary>
    public static HamlibResponder CreateResponder(SimulatedRadio radio, bool vfoMode)
    {
        ArgumentNullException.ThrowIfNull(radio);
        return new HamlibResponder(
        [
            new('F', "set_freq", 1, true, a => WithVfo(radio, vfoMode, a, (vfo, rest) => SetFrequency(radio, vfo, rest[0]))),
            new('f', "get_freq", 0, true, a => WithVfo(radio, vfoMode, a, (vfo, _) =>
                HamlibResult.With(("Frequency", radio.GetFrequency(vfo).ToString(CultureInfo.InvariantCulture))))),
            new('M', "set_mode", 2, true, a => WithVfo(radio, vfoMode, a, (vfo, rest) => SetMode(radio, vfo, rest[0], rest[1]))),
            new('m', "get_mode", 0, true, a => WithVfo(radio, vfoMode, a, (vfo, _) =>
            {
                var (mode, passband) = radio.GetMode(vfo);
                return HamlibResult.With(("Mode", mode), ("Passband", passband.ToString(CultureInfo.InvariantCulture)));
            })),
            new('V', "set_vfo", 1, false, a => radio.Resolve(a[0]) is { } vfo ? Run(() => radio.SelectVfo(vfo)) : HamlibResult.Error(InvalidVfo)),
            new('v', "get_vfo", 0, false, _ => HamlibResult.With(("VFO", radio.CurrentVfo))),
            new('T', "set_ptt", 1, true, a => WithVfo(radio, vfoMode, a, (_, rest) => rest[0] switch
            {
                "0" => Run(() => radio.Transmitting = false),
                "1" => Run(() => radio.Transmitting = true),
                _ => HamlibResult.Error(InvalidArgument),
            })),
            new('t', "get_ptt", 0, true, a => WithVfo(radio, vfoMode, a, (_, _) => HamlibResult.With(("PTT", radio.Transmitting ? "1" : "0")))),
            new('_', "get_info", 0, false, _ => HamlibResult.With(("Info", "GroundStation simulated radio"))),
            new('\0', "get_powerstat", 0, false, _ => HamlibResult.With(("Power Status", "1"))),
            new('s', "get_split_vfo", 0, true, _ => HamlibResult.With(("Split", "0"), ("TX VFO", radio.CurrentVfo))),
            new('\0', "get_lock_mode", 0, false, _ => HamlibResult.With(("Locked", "0"))),
            new('\0', "chk_vfo", 0, false, _ => new HamlibResult(0, [new("ChkVFO", vfoMode ? "1" : "0")], Bare: true)),
            new('\0', "dump_state", 0, false, _ => DumpState(radio)),
        ], () => vfoMode);
    }

    private static HamlibResult WithVfo(SimulatedRadio radio, bool vfoMode, string[] arguments, Func<string, string[], HamlibResult> handle)
    {
        if (!vfoMode)
        {
            return handle(radio.CurrentVfo, arguments);
        }

        return radio.Resolve(arguments[0]) is { } vfo ? handle(vfo, arguments[1..]) : HamlibResult.Error(InvalidVfo);
    }

    private static HamlibResult SetFrequency(SimulatedRadio radio, string vfo, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var hertz) && double.IsFinite(hertz) &&
        Math.Abs(hertz) < long.MaxValue / 2 && radio.SetFrequency(vfo, (long)Math.Round(hertz))
            ? HamlibResult.Ok
            : HamlibResult.Error(InvalidArgument);

    private static HamlibResult SetMode(SimulatedRadio radio, string vfo, string mode, string passbandText) =>
        int.TryParse(passbandText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var passband) &&
        radio.SetMode(vfo, mode, passband == -1 ? radio.GetMode(vfo).Passband : passband)
            ? HamlibResult.Ok
            : HamlibResult.Error(InvalidArgument);

    private static HamlibResult Run(Action action)
    {
        action();
        return HamlibResult.Ok;
    }

    // The layout of Hamlib 4.5's rigctld dump_state (protocol 1): ranges, steps and filters each ended by a zero
    // line, then capability masks and key=value pairs up to "done", which is what netrigctl_open reads.
    private static HamlibResult DumpState(SimulatedRadio radio)
    {
        var range = string.Create(CultureInfo.InvariantCulture,
            $"{radio.MinFrequency.Hertz}.000000 {radio.MaxFrequency.Hertz}.000000 0x1ff");
        string[] lines =
        [
            "1", "1", "0",
            range + " -1 -1 0x3 0x1", "0 0 0 0 0 0 0",
            range + " 5000 100000 0x3 0x1", "0 0 0 0 0 0 0",
            "0x1ff 1", "0x1ff 0", "0 0",
            "0xc 2400", "0x2 500", "0x1 8000", "0x20 15000", "0x40 230000", "0 0",
            "0", "0", "0", "0", "", "",
            "0x0", "0x0", "0x0", "0x0", "0x0", "0x0",
            "vfo_ops=0x0", "ptt_type=0x1", "targetable_vfo=0x3", "has_set_vfo=1", "has_get_vfo=1",
            "has_set_freq=1", "has_get_freq=1", "has_set_conf=0", "has_get_conf=0", "has_power2mW=0", "has_mW2power=0",
            "timeout=0", "rig_model=1", "rigctld_version=GroundStation gs-sim", "done",
        ];
        return HamlibResult.With([.. lines.Select(line => ((string?)null, line))]);
    }
}
