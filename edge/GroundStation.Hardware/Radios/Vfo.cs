namespace GroundStation.Hardware.Radios;

/// <summary>
/// A Hamlib VFO name (VFOA, VFOB, Main, Sub, currVFO, ...). A satellite station tunes the downlink on one VFO and the
/// uplink on another, so a radio client can be bound to one.
/// </summary>
public readonly record struct Vfo
{
    /// <summary>VFO A, conventionally the downlink.</summary>
    public static readonly Vfo A = new("VFOA");

    /// <summary>VFO B, conventionally the uplink.</summary>
    public static readonly Vfo B = new("VFOB");

    /// <summary>Whichever VFO the radio has selected.</summary>
    public static readonly Vfo Current = new("currVFO");

    /// <summary>Creates a VFO name; 1..16 ASCII letters or digits.</summary>
    public Vfo(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 16 || !name.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"'{name}' is not a Hamlib VFO name such as VFOA, VFOB, Main or Sub.", nameof(name));
        }

        Name = name;
    }

    /// <summary>The name as Hamlib spells it.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
