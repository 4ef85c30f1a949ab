using GroundStation.Hardware.Radios;

namespace GroundStation.Simulators.Radios;

/// <summary>
/// A two-VFO transceiver: a frequency, mode and passband per VFO, a selected VFO and PTT. Frequencies outside the
/// receive range are refused, as a radio refuses to tune out of band. Thread-safe; every change is recorded.
/// </summary>
public sealed class SimulatedRadio
{
    /// <summary>The modes the simulated radio offers, with their normal passbands.</summary>
    public static readonly IReadOnlyDictionary<string, int> NormalPassbands = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AM"] = 8000,
        ["CW"] = 500,
        ["USB"] = 2400,
        ["LSB"] = 2400,
        ["RTTY"] = 300,
        ["FM"] = 15000,
        ["WFM"] = 230000,
        ["CWR"] = 500,
        ["RTTYR"] = 300,
        ["PKTUSB"] = 2400,
        ["PKTLSB"] = 2400,
        ["PKTFM"] = 15000,
    };

    private readonly Lock _gate = new();
    private readonly Dictionary<string, VfoState> _vfos = new(StringComparer.Ordinal)
    {
        ["VFOA"] = new VfoState(145_000_000, "FM", 15000),
        ["VFOB"] = new VfoState(435_000_000, "FM", 15000),
    };

    private readonly List<string> _changes = [];
    private string _current = "VFOA";
    private bool _transmitting;

    /// <summary>The lowest frequency the radio tunes.</summary>
    public Frequency MinFrequency { get; init; } = Frequency.FromHertz(150_000);

    /// <summary>The highest frequency the radio tunes.</summary>
    public Frequency MaxFrequency { get; init; } = Frequency.FromHertz(1_500_000_000);

    /// <summary>Every accepted change, as "VFOA freq 145800000", in order.</summary>
    public IReadOnlyList<string> Changes
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    /// <summary>The selected VFO's name.</summary>
    public string CurrentVfo
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Maps a Hamlib VFO name (VFOA, VFOB, Main, Sub, currVFO) to this radio's VFO; null if unknown.</summary>
    public string? Resolve(string vfo) => vfo switch
    {
        "VFOA" or "Main" or "MainA" => "VFOA",
        "VFOB" or "Sub" or "SubA" => "VFOB",
        "currVFO" => CurrentVfo,
        _ => null,
    };

    /// <summary>The frequency of <paramref name="vfo"/> in hertz.</summary>
    public long GetFrequency(string vfo)
    {
        lock (_gate)
        {
            return _vfos[vfo].Hertz;
        }
    }

    /// <summary>Tunes <paramref name="vfo"/>; false when the frequency is out of range.</summary>
    public bool SetFrequency(string vfo, long hertz)
    {
        if (hertz < MinFrequency.Hertz || hertz > MaxFrequency.Hertz)
        {
            return false;
        }

        lock (_gate)
        {
            _vfos[vfo] = _vfos[vfo] with { Hertz = hertz };
            _changes.Add($"{vfo} freq {hertz}");
        }

        return true;
    }

    /// <summary>The mode and passband of <paramref name="vfo"/>.</summary>
    public (string Mode, int Passband) GetMode(string vfo)
    {
        lock (_gate)
        {
            var state = _vfos[vfo];
            return (state.Mode, state.Passband);
        }
    }

    /// <summary>Sets the mode of <paramref name="vfo"/>; passband 0 picks the mode's normal width. False for an unknown mode.</summary>
    public bool SetMode(string vfo, string mode, int passband)
    {
        if (!NormalPassbands.TryGetValue(mode, out var normal) || passband < 0)
        {
            return false;
        }

        lock (_gate)
        {
            _vfos[vfo] = _vfos[vfo] with { Mode = mode, Passband = passband == 0 ? normal : passband };
            _changes.Add($"{vfo} mode {mode} {passband}");
        }

        return true;
    }

    /// <summary>Selects <paramref name="vfo"/>.</summary>
    public void SelectVfo(string vfo)
    {
        lock (_gate)
        {
            _current = vfo;
            _changes.Add($"select {vfo}");
        }
    }

    /// <summary>Whether the transmitter is keyed.</summary>
    public bool Transmitting
    {
        get
        {
            lock (_gate)
            {
                return _transmitting;
            }
        }

        set
        {
            lock (_gate)
            {
                _transmitting = value;
                _changes.Add(value ? "ptt on" : "ptt off");
            }
        }
    }

    private sealed record VfoState(long Hertz, string Mode, int Passband);
}
