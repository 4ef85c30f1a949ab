namespace GroundStation.Simulators.Satellite;

/// <summary>Impairments of the simulated RF link, drawn from a seeded generator so a run can be replayed.</summary>
/// <param name="BitErrorRate">Probability that each transmitted bit is flipped, 0-1.</param>
/// <param name="DropRate">Probability that a whole frame is lost (fade, collision), 0-1.</param>
/// <param name="Seed">Seed of the generator.</param>
public sealed record LinkFaults(double BitErrorRate = 0, double DropRate = 0, int Seed = 1)
{
    /// <summary>A perfect link.</summary>
    public static LinkFaults None { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the invalid rate.</summary>
    public void Validate()
    {
        if (!(BitErrorRate is >= 0 and <= 1))
        {
            throw new ArgumentException($"The bit error rate is a probability from 0 to 1; {BitErrorRate} given.");
        }

        if (!(DropRate is >= 0 and <= 1))
        {
            throw new ArgumentException($"The drop rate is a probability from 0 to 1; {DropRate} given.");
        }
    }
}

/// <summary>Applies <see cref="LinkFaults"/> to frames. Not thread-safe: each link owns one and calls it under its lock.</summary>
public sealed class FaultInjector
{
    private readonly LinkFaults _faults;
    private readonly Random _random;

    /// <summary>Creates an injector.</summary>
    public FaultInjector(LinkFaults faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        faults.Validate();
        _faults = faults;
        _random = new Random(faults.Seed);
    }

    /// <summary>True when the next frame is lost.</summary>
    public bool Drop() => _faults.DropRate > 0 && _random.NextDouble() < _faults.DropRate;

    /// <summary>Flips each bit of <paramref name="frame"/> with the bit error rate; returns how many were flipped.</summary>
    public int Corrupt(Span<byte> frame)
    {
        if (_faults.BitErrorRate <= 0)
        {
            return 0;
        }

        var flipped = 0;
        for (var i = 0; i < frame.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                if (_random.NextDouble() < _faults.BitErrorRate)
                {
                    frame[i] ^= (byte)(1 << bit);
                    flipped++;
                }
            }
        }

        return flipped;
    }
}
