using GroundStation.Orbits.Passes;
using GroundStation.Orbits.Propagation;
using GroundStation.Registry;

namespace GroundStation.Scheduling.Planning;

/// <summary>
/// Pass predictions per (element set, station) for one prediction window. A re-plan after a TLE update predicts only
/// that satellite's passes again, a station change only that station's; a new window (the rolling horizon moving on)
/// starts afresh. Used by one planner at a time.
/// </summary>
internal sealed class PassPredictionCache
{
    private readonly Dictionary<(long ElementSet, StationRecord Station), PassPrediction> _predictions = [];
    private readonly Dictionary<long, ITemeEphemeris?> _ephemerides = [];
    private TimeWindow? _window;

    /// <summary>Pairs predicted by the last call (for tests and logs).</summary>
    public int LastPredictedPairs { get; private set; }

    /// <summary>
    /// Predictions indexed [satellite][station] for every satellite with an element set; a satellite whose element set
    /// cannot be propagated gets empty predictions.
    /// </summary>
    public PassPrediction[][] Predict(
        IReadOnlyList<SatelliteRecord> satellites, IReadOnlyList<StationRecord> stations, TimeWindow window, int maxDegreeOfParallelism, CancellationToken ct)
    {
        if (_window != window)
        {
            _predictions.Clear();
            _window = window;
        }

        var ephemerides = satellites.Select(s => Ephemeris(s.Latest!)).ToArray();
        var result = new PassPrediction[satellites.Count][];
        var missing = new List<int>[satellites.Count];
        for (var i = 0; i < satellites.Count; i++)
        {
            result[i] = new PassPrediction[stations.Count];
            missing[i] = [];
            for (var j = 0; j < stations.Count; j++)
            {
                if (ephemerides[i] is null)
                {
                    result[i][j] = new PassPrediction([], window.Start);
                }
                else if (_predictions.TryGetValue((satellites[i].Latest!.Id, stations[j]), out var known))
                {
                    result[i][j] = known;
                }
                else
                {
                    missing[i].Add(j);
                }
            }
        }

        // Each satellite is propagated once for all the stations it is missing at (PredictOverSites), so the work is
        // spread over threads by satellite.
        var sites = stations.Select(s => s.ToSite()).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = ct };
        Parallel.For(0, satellites.Count, options, i =>
        {
            if (missing[i].Count == 0)
            {
                return;
            }

            var predicted = PassPredictor.PredictOverSites(ephemerides[i]!, [.. missing[i].Select(j => sites[j])], window);
            for (var k = 0; k < predicted.Count; k++)
            {
                result[i][missing[i][k]] = predicted[k];
            }
        });
        var pairs = 0;
        for (var i = 0; i < satellites.Count; i++)
        {
            foreach (var j in missing[i])
            {
                _predictions[(satellites[i].Latest!.Id, stations[j])] = result[i][j];
                pairs++;
            }
        }

        LastPredictedPairs = pairs;
        return result;
    }

    private ITemeEphemeris? Ephemeris(ElementSet set)
    {
        if (!_ephemerides.TryGetValue(set.Id, out var ephemeris))
        {
            var propagator = Sgp4Propagator.Create(set.Parse());
            ephemeris = propagator.InitError == Sgp4Error.None ? new Sgp4Ephemeris(propagator) : null;
            _ephemerides[set.Id] = ephemeris;
        }

        return ephemeris;
    }
}
