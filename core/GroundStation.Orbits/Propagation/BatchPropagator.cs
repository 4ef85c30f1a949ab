using System.Runtime.Intrinsics;
using GroundStation.Orbits.Elements;

namespace GroundStation.Orbits.Propagation;

/// <summary>
/// SGP4/SDP4 for a whole catalog at once. Satellites are laid out four to a block (struct of arrays across satellites)
/// and propagated four per step with 256-bit vectors: near-Earth ones by <see cref="NearEarthLaneKernel"/>, deep-space
/// ones (SDP4, grouped by resonance and by Lyddane's low-inclination branch so that lanes of a block take the same
/// branches) by <see cref="DeepSpaceLaneKernel"/>. Element sets that failed initialisation, and lanes whose Kepler
/// iteration does not converge or takes a step within rounding of its threshold (about one propagation in
/// 7,000), go through their scalar <see cref="Sgp4Propagator"/> within the same call. Results
/// match the scalar propagator to far better than 1e-9 km with identical error codes. Where 256-bit vectors are not
/// hardware accelerated every satellite takes the scalar path.
/// Each resonant deep-space satellite keeps its resonance integrator between calls (see <see cref="ResonanceState"/>),
/// so a time series moving forward integrates each 720-minute step once rather than from epoch on every call; results
/// are bit-identical either way. That state makes an instance NOT safe for concurrent use: give each thread its own
/// batch (the <see cref="Sgp4Propagator"/>s it wraps stay immutable and can be shared). Propagation allocates nothing.
/// </summary>
public sealed class BatchPropagator
{
    private static readonly int Lanes = Vector256<double>.Count;

    /// <summary>Below this epoch inclination (rad) a deep-space satellite is grouped with the Lyddane-branch lanes.</summary>
    private const double LowInclination = 0.2;

    private readonly Sgp4Propagator[] _propagators;
    private readonly NearEarthLaneBlock[] _nearBlocks;
    private readonly LaneLayout _nearLanes;
    private readonly DeepSpaceLaneBlock[] _deepBlocks;
    private readonly LaneLayout _deepLanes;

    /// <summary>Per deep-space lane, the terms whose resonance integrator it advances; null where there is no resonance.</summary>
    private readonly DeepSpaceTerms?[] _deepResonanceTerms;
    private readonly LaneLayout _scalar;
    private readonly GravityConstants _gravity;

    private BatchPropagator(Sgp4Propagator[] propagators, bool vectorize)
    {
        _propagators = propagators;
        _gravity = propagators.Length == 0 ? GravityConstants.For(GravityModel.Wgs72) : propagators[0].Constants;
        var near = new List<int>();
        var deep = new List<int>();
        var scalar = new List<int>();
        for (var i = 0; i < propagators.Length; i++)
        {
            var list = !vectorize || propagators[i].InitError != Sgp4Error.None ? scalar
                : propagators[i].IsDeepSpace ? deep
                : near;
            list.Add(i);
        }

        // Lanes of one block should take the same branches: group by resonance, then by the Lyddane branch, then by
        // eccentricity (which sets the number of Kepler iterations).
        deep = [.. deep.OrderBy(i => propagators[i].DeepTerms!.IsResonant ? (propagators[i].DeepTerms!.IsHalfDayResonant ? 2 : 1) : 0)
            .ThenBy(i => propagators[i].Mean.Inclination < LowInclination)
            .ThenBy(i => propagators[i].Mean.Eccentricity)
            .ThenBy(i => i)];

        _scalar = new LaneLayout(propagators, [.. scalar], [.. scalar]);
        _nearLanes = LaneLayout.Padded(propagators, near);
        _nearBlocks = Layout(_nearLanes, lanes => NearEarthLaneBlock.From(lanes));
        _deepLanes = LaneLayout.Padded(propagators, deep);
        _deepBlocks = Layout(_deepLanes, lanes => DeepSpaceLaneBlock.From(lanes));
        _deepResonanceTerms = [.. _deepLanes.Sources.Select(
            satellite => propagators[satellite].DeepTerms is { IsResonant: true } terms ? terms : null)];
    }

    /// <summary>Number of satellites; the spans passed to <see cref="Propagate(double, Span{TemeState}, Span{Sgp4Error})"/> hold one entry per satellite in this order.</summary>
    public int Count => _propagators.Length;

    /// <summary>The scalar propagators, in batch order.</summary>
    public IReadOnlyList<Sgp4Propagator> Propagators => _propagators;

    /// <summary>How many satellites take a vector path, near-Earth or deep-space (the rest use their scalar propagator).</summary>
    public int VectorizedCount => _propagators.Length - _scalar.Satellites.Length;

    /// <summary>How many deep-space (SDP4) satellites take the vectorised deep-space path.</summary>
    public int VectorizedDeepSpaceCount => _deepLanes.Satellites.Count(i => i >= 0);

    /// <summary>Initialises the model for every element set and lays the usable ones out for vector propagation.</summary>
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
        for (var block = 0; block < _nearBlocks.Length; block++)
        {
            Write(_nearLanes, block, NearEarthLaneKernel.Evaluate(in _nearBlocks[block], t, in _gravity), t, states, errors);
        }

        for (var block = 0; block < _deepBlocks.Length; block++)
        {
            Write(_deepLanes, block, EvaluateDeep(block, t), t, states, errors);
        }

        PropagateScalar(minutesSinceEpoch, instant: null, states, errors);
    }

    /// <summary>Every satellite at one instant (UTC); each satellite counts the time from its own epoch.</summary>
    /// <param name="instant">The instant.</param>
    /// <param name="states">One TEME state per satellite, in batch order.</param>
    /// <param name="errors">One outcome per satellite, in batch order.</param>
    public void Propagate(JulianDate instant, Span<TemeState> states, Span<Sgp4Error> errors)
    {
        CheckSpans(states, errors);
        for (var block = 0; block < _nearBlocks.Length; block++)
        {
            var t = MinutesSinceEpochs(_nearLanes, block, instant);
            Write(_nearLanes, block, NearEarthLaneKernel.Evaluate(in _nearBlocks[block], t, in _gravity), t, states, errors);
        }

        for (var block = 0; block < _deepBlocks.Length; block++)
        {
            var t = MinutesSinceEpochs(_deepLanes, block, instant);
            Write(_deepLanes, block, EvaluateDeep(block, t), t, states, errors);
        }

        PropagateScalar(0.0, instant, states, errors);
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

    private static TBlock[] Layout<TBlock>(LaneLayout lanes, Func<Sgp4Propagator[], TBlock> layOut)
    {
        var blocks = new TBlock[lanes.Sources.Length / Lanes];
        for (var block = 0; block < blocks.Length; block++)
        {
            blocks[block] = layOut([.. lanes.Sources.AsSpan(block * Lanes, Lanes).ToArray().Select(i => lanes.Propagators[i])]);
        }

        return blocks;
    }

    private Vector256<double> MinutesSinceEpochs(LaneLayout lanes, int block, JulianDate instant)
    {
        Span<double> minutes = stackalloc double[Lanes];
        for (var lane = 0; lane < Lanes; lane++)
        {
            minutes[lane] = instant.MinutesSince(_propagators[lanes.Sources[(block * Lanes) + lane]].Epoch);
        }

        return Vector256.Create<double>(minutes);
    }

    /// <summary>One deep-space block: each resonant lane's integrator is first moved to its time (scalar, rarely more than a check).</summary>
    private LaneStates EvaluateDeep(int block, Vector256<double> t)
    {
        var first = block * Lanes;
        ref readonly var lanes = ref _deepBlocks[block];
        if (lanes.HasResonance)
        {
            for (var lane = 0; lane < Lanes; lane++)
            {
                _deepResonanceTerms[first + lane]?.AdvanceResonance(t.GetElement(lane), ref _deepLanes.Resonance[first + lane]);
            }
        }

        return DeepSpaceLaneKernel.Evaluate(in lanes, t, _deepLanes.Resonance.AsSpan(first, Lanes), in _gravity);
    }

    /// <summary>The satellites outside the lane blocks, at <paramref name="instant"/> if given, else at <paramref name="minutesSinceEpoch"/>.</summary>
    private void PropagateScalar(double minutesSinceEpoch, JulianDate? instant, Span<TemeState> states, Span<Sgp4Error> errors)
    {
        for (var i = 0; i < _scalar.Satellites.Length; i++)
        {
            var satellite = _scalar.Satellites[i];
            var propagator = _propagators[satellite];
            var t = instant is { } at ? at.MinutesSince(propagator.Epoch) : minutesSinceEpoch;
            var result = propagator.Propagate(t, ref _scalar.Resonance[i]);
            states[satellite] = result.State;
            errors[satellite] = result.Error;
        }
    }

    private void Write(
        LaneLayout lanes, int block, in LaneStates results, Vector256<double> t, Span<TemeState> states, Span<Sgp4Error> errors)
    {
        var allValid = results.AllValid;
        for (var lane = 0; lane < Lanes; lane++)
        {
            var index = (block * Lanes) + lane;
            var satellite = lanes.Satellites[index];
            if (satellite < 0)
            {
                continue;
            }

            if (allValid)
            {
                states[satellite] = results.StateOf(lane);
                errors[satellite] = Sgp4Error.None;
                continue;
            }

            if (results.NeedsScalar(lane))
            {
                var result = _propagators[satellite].Propagate(t.GetElement(lane), ref lanes.Resonance[index]);
                states[satellite] = result.State;
                errors[satellite] = result.Error;
                continue;
            }

            var error = results.ErrorOf(lane);
            errors[satellite] = error;
            states[satellite] = error is Sgp4Error.None or Sgp4Error.Decayed ? results.StateOf(lane) : default;
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

    /// <summary>
    /// Which satellite each lane writes (-1 for the padding of a last block) and computes (padding repeats the last
    /// satellite), and each lane's resonance integrator, carried between calls.
    /// </summary>
    private sealed class LaneLayout
    {
        public LaneLayout(Sgp4Propagator[] propagators, int[] satellites, int[] sources)
        {
            Propagators = propagators;
            Satellites = satellites;
            Sources = sources;
            Resonance = new ResonanceState[satellites.Length];
        }

        public Sgp4Propagator[] Propagators { get; }

        /// <summary>Whole blocks over <paramref name="satellites"/>, the last one padded by repeating its last satellite.</summary>
        public static LaneLayout Padded(Sgp4Propagator[] propagators, List<int> satellites)
        {
            var count = (satellites.Count + Lanes - 1) / Lanes * Lanes;
            var written = new int[count];
            var sources = new int[count];
            for (var i = 0; i < count; i++)
            {
                written[i] = i < satellites.Count ? satellites[i] : -1;
                sources[i] = i < satellites.Count ? satellites[i] : satellites[^1];
            }

            return new LaneLayout(propagators, written, sources);
        }

        public int[] Satellites { get; }

        public int[] Sources { get; }

        public ResonanceState[] Resonance { get; }
    }
}
