using System.Runtime.Intrinsics;
using GroundStation.Orbits.Elements;

namespace GroundStation.Orbits.Propagation;

/// <summary>
/// SGP4 for a whole catalog at once. Near-Earth satellites are laid out four to a block (struct of arrays across
/// satellites) and propagated four per step with 256-bit vectors; deep-space satellites (SDP4) and element sets that
/// failed initialisation go through their scalar <see cref="Sgp4Propagator"/> within the same call. Results match the
/// scalar propagator to far better than 1e-9 km (see <see cref="NearEarthLaneKernel"/>) with identical error codes.
/// Where 256-bit vectors are not hardware accelerated every satellite takes the scalar path.
/// Each resonant deep-space satellite keeps its resonance integrator between calls (see <see cref="ResonanceState"/>),
/// so a time series moving forward integrates each 720-minute step once rather than from epoch on every call; results
/// are bit-identical either way. That state makes an instance NOT safe for concurrent use: give each thread its own
/// batch (the <see cref="Sgp4Propagator"/>s it wraps stay immutable and can be shared). Propagation allocates nothing.
/// </summary>
public sealed class BatchPropagator
{
    private static readonly int Lanes = Vector256<double>.Count;

    private readonly Sgp4Propagator[] _propagators;
    private readonly NearEarthLaneBlock[] _blocks;
    private readonly int[] _laneSatellites;
    private readonly int[] _scalarSatellites;

    /// <summary>The resonance integrator of each entry of <see cref="_scalarSatellites"/>, carried between calls.</summary>
    private readonly ResonanceState[] _scalarResonance;
    private readonly GravityConstants _gravity;

    private BatchPropagator(Sgp4Propagator[] propagators, bool vectorize)
    {
        _propagators = propagators;
        _gravity = propagators.Length == 0 ? GravityConstants.For(GravityModel.Wgs72) : propagators[0].Constants;
        var vectorized = new List<int>();
        var scalar = new List<int>();
        for (var i = 0; i < propagators.Length; i++)
        {
            var usesLanes = vectorize && !propagators[i].IsDeepSpace && propagators[i].InitError == Sgp4Error.None;
            (usesLanes ? vectorized : scalar).Add(i);
        }

        _scalarSatellites = [.. scalar];
        _scalarResonance = new ResonanceState[_scalarSatellites.Length];
        var blockCount = (vectorized.Count + Lanes - 1) / Lanes;
        _blocks = new NearEarthLaneBlock[blockCount];
        _laneSatellites = new int[blockCount * Lanes];
        var lanes = new Sgp4Propagator[Lanes];
        for (var block = 0; block < blockCount; block++)
        {
            for (var lane = 0; lane < Lanes; lane++)
            {
                // The last block is padded by repeating its last satellite; padding lanes are marked -1 and not written.
                var index = (block * Lanes) + lane;
                var satellite = index < vectorized.Count ? vectorized[index] : vectorized[^1];
                lanes[lane] = propagators[satellite];
                _laneSatellites[index] = index < vectorized.Count ? satellite : -1;
            }

            _blocks[block] = NearEarthLaneBlock.From(lanes);
        }
    }

    /// <summary>Number of satellites; the spans passed to <see cref="Propagate(double, Span{TemeState}, Span{Sgp4Error})"/> hold one entry per satellite in this order.</summary>
    public int Count => _propagators.Length;

    /// <summary>The scalar propagators, in batch order.</summary>
    public IReadOnlyList<Sgp4Propagator> Propagators => _propagators;

    /// <summary>How many satellites take the vectorised near-Earth path (the rest use their scalar propagator).</summary>
    public int VectorizedCount => _laneSatellites.Count(i => i >= 0);

    /// <summary>Initialises the model for every element set and lays the near-Earth ones out for vector propagation.</summary>
    /// <param name="elements">The catalog; the batch keeps its order.</param>
    /// <param name="gravity">Gravity constants for every satellite.</param>
    /// <param name="mode">Operation mode for every satellite.</param>
    public static BatchPropagator Create(
        IEnumerable<OrbitalElements> elements, GravityModel gravity = GravityModel.Wgs72, Sgp4Mode mode = Sgp4Mode.Improved)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return FromPropagators(elements.Select(e => Sgp4Propagator.Create(e, gravity, mode)));
    }

    /// <summary>A batch over existing propagators, which must share one gravity model.</summary>
    /// <param name="propagators">The propagators; the batch keeps their order.</param>
    public static BatchPropagator FromPropagators(IEnumerable<Sgp4Propagator> propagators) =>
        FromPropagators(propagators, Vector256.IsHardwareAccelerated);

    /// <summary>As <see cref="FromPropagators(IEnumerable{Sgp4Propagator})"/>, choosing the vector path explicitly (tests use the scalar one).</summary>
    internal static BatchPropagator FromPropagators(IEnumerable<Sgp4Propagator> propagators, bool vectorize)
    {
        ArgumentNullException.ThrowIfNull(propagators);
        var array = propagators.ToArray();
        for (var i = 0; i < array.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(array[i], $"{nameof(propagators)}[{i}]");
            if (array[i].Gravity != array[0].Gravity)
            {
                throw new ArgumentException(
                    $"Propagator {i} ({array[i].Elements.Id}) uses {array[i].Gravity} but propagator 0 uses " +
                    $"{array[0].Gravity}; a batch runs one gravity model.", nameof(propagators));
            }
        }

        return new BatchPropagator(array, vectorize);
    }

    /// <summary>
    /// Every satellite <paramref name="minutesSinceEpoch"/> minutes after its own epoch. For
    /// <see cref="Sgp4Error.Decayed"/> the state holds the sub-surface state the model computed; for other errors it is zero.
    /// </summary>
    /// <param name="minutesSinceEpoch">Minutes from each satellite's epoch.</param>
    /// <param name="states">One TEME state per satellite, in batch order.</param>
    /// <param name="errors">One outcome per satellite, in batch order.</param>
    public void Propagate(double minutesSinceEpoch, Span<TemeState> states, Span<Sgp4Error> errors)
    {
        CheckSpans(states, errors);
        var t = Vector256.Create(minutesSinceEpoch);
        for (var block = 0; block < _blocks.Length; block++)
        {
            Write(block, NearEarthLaneKernel.Evaluate(in _blocks[block], t, in _gravity), t, states, errors);
        }

        for (var i = 0; i < _scalarSatellites.Length; i++)
        {
            var satellite = _scalarSatellites[i];
            var result = _propagators[satellite].Propagate(minutesSinceEpoch, ref _scalarResonance[i]);
            states[satellite] = result.State;
            errors[satellite] = result.Error;
        }
    }

    /// <summary>Every satellite at one instant (UTC); each satellite counts the time from its own epoch.</summary>
    /// <param name="instant">The instant.</param>
    /// <param name="states">One TEME state per satellite, in batch order.</param>
    /// <param name="errors">One outcome per satellite, in batch order.</param>
    public void Propagate(JulianDate instant, Span<TemeState> states, Span<Sgp4Error> errors)
    {
        CheckSpans(states, errors);
        Span<double> minutes = stackalloc double[Lanes];
        for (var block = 0; block < _blocks.Length; block++)
        {
            for (var lane = 0; lane < Lanes; lane++)
            {
                var satellite = _laneSatellites[(block * Lanes) + lane];
                minutes[lane] = satellite < 0 ? minutes[lane - 1] : instant.MinutesSince(_propagators[satellite].Epoch);
            }

            var t = Vector256.Create<double>(minutes);
            Write(block, NearEarthLaneKernel.Evaluate(in _blocks[block], t, in _gravity), t, states, errors);
        }

        for (var i = 0; i < _scalarSatellites.Length; i++)
        {
            var satellite = _scalarSatellites[i];
            var sinceEpoch = instant.MinutesSince(_propagators[satellite].Epoch);
            var result = _propagators[satellite].Propagate(sinceEpoch, ref _scalarResonance[i]);
            states[satellite] = result.State;
            errors[satellite] = result.Error;
        }
    }

    /// <summary>
    /// Every satellite at each of <paramref name="minutesSinceEpoch"/> (minutes from each satellite's own epoch). Entry
    /// <c>step * Count + satellite</c> of the outputs holds satellite <c>satellite</c> at time <c>step</c>.
    /// </summary>
    /// <param name="minutesSinceEpoch">The times, minutes from each satellite's epoch.</param>
    /// <param name="states">Count states per time.</param>
    /// <param name="errors">Count outcomes per time.</param>
    public void PropagateSeries(ReadOnlySpan<double> minutesSinceEpoch, Span<TemeState> states, Span<Sgp4Error> errors)
    {
        var needed = (long)minutesSinceEpoch.Length * Count;
        if (states.Length != needed || errors.Length != needed)
        {
            throw new ArgumentException(
                $"{minutesSinceEpoch.Length} times x {Count} satellites need {needed} states and errors; got " +
                $"{states.Length} states and {errors.Length} errors.", nameof(states));
        }

        for (var step = 0; step < minutesSinceEpoch.Length; step++)
        {
            Propagate(minutesSinceEpoch[step], states.Slice(step * Count, Count), errors.Slice(step * Count, Count));
        }
    }

    private void Write(
        int block, in NearEarthLaneStates lanes, Vector256<double> t, Span<TemeState> states, Span<Sgp4Error> errors)
    {
        var allValid = lanes.AllValid;
        for (var lane = 0; lane < Lanes; lane++)
        {
            var satellite = _laneSatellites[(block * Lanes) + lane];
            if (satellite < 0)
            {
                continue;
            }

            if (allValid)
            {
                states[satellite] = lanes.StateOf(lane);
                errors[satellite] = Sgp4Error.None;
                continue;
            }

            if (lanes.NeedsScalar(lane))
            {
                var result = _propagators[satellite].Propagate(t.GetElement(lane));
                states[satellite] = result.State;
                errors[satellite] = result.Error;
                continue;
            }

            var error = lanes.ErrorOf(lane);
            errors[satellite] = error;
            states[satellite] = error is Sgp4Error.None or Sgp4Error.Decayed ? lanes.StateOf(lane) : default;
        }
    }

    private void CheckSpans(Span<TemeState> states, Span<Sgp4Error> errors)
    {
        if (states.Length != Count || errors.Length != Count)
        {
            throw new ArgumentException(
                $"The batch has {Count} satellites; got {states.Length} states and {errors.Length} errors.", nameof(states));
        }
    }
}
