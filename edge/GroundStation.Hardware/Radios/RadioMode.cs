namespace GroundStation.Hardware.Radios;

/// <summary>A Hamlib operating mode token (FM, USB, LSB, CW, PKTFM, ...), upper-case letters and digits.</summary>
public readonly record struct RadioMode
{
    /// <summary>Frequency modulation.</summary>
    public static readonly RadioMode FM = new("FM");

    /// <summary>Upper sideband.</summary>
    public static readonly RadioMode Usb = new("USB");

    /// <summary>Lower sideband.</summary>
    public static readonly RadioMode Lsb = new("LSB");

    /// <summary>Morse.</summary>
    public static readonly RadioMode CW = new("CW");

    /// <summary>Amplitude modulation.</summary>
    public static readonly RadioMode AM = new("AM");

    /// <summary>Creates a mode token; it must be 1..16 upper-case ASCII letters or digits.</summary>
    public RadioMode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 16 || !name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException($"'{name}' is not a Hamlib mode: 1 to 16 upper-case letters or digits, e.g. FM or USB.", nameof(name));
        }

        Name = name;
    }

    /// <summary>The token as Hamlib spells it.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
