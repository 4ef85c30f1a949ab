using GroundStation.Orbits.Geometry;

namespace GroundStation.Orbits.Passes;

/// <summary>
/// Predicts passes of satellites over stations: every interval in a window during which a satellite is above the
/// station's threshold, with AOS, TCA and LOS resolved to 0.02 s. Thread-safe.
/// </summary>
public static class PassPredictor
{
    /// <summary>The passes of one satellite over one station in a window.</summary>
    public static PassPrediction Predict(ITemeEphemeris satellite, GroundStationSite site, TimeWindow window)
    {
        ArgumentNullException.ThrowIfNull(satellite);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(window);
        return new PassSearch(satellite, site, new TopocentricObserver(site.Position), window).Run();
    }

    /// <summary>
    /// The passes of one satellite over many stations: the satellite is propagated once, on a grid derived from its
    /// orbit (at most 60 s), into the Earth-fixed frame, and each station's search interpolates that track instead of
    /// propagating again; a station skips every grid interval in which the satellite provably stays outside the cone
    /// it could be seen in. Thresholds, masks and the refinement of AOS, TCA and LOS are those of
    /// <see cref="Predict"/>, whose results it reproduces to well under a second (the track's interpolation error is
    /// below a metre). The result is indexed like <paramref name="sites"/>. Not parallel itself: callers spread
    /// satellites over threads.
    /// </summary>
    public static IReadOnlyList<PassPrediction> PredictOverSites(ITemeEphemeris satellite, IReadOnlyList<GroundStationSite> sites, TimeWindow window)
    {
        ArgumentNullException.ThrowIfNull(satellite);
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(window);
        using var track = EarthFixedTrack.Compute(satellite, window);
        var result = new PassPrediction[sites.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var site = sites[i] ?? throw new ArgumentException($"Site {i} is null.", nameof(sites));
            result[i] = new PassSearch(track, site, new TopocentricObserver(site.Position), window).Run();
        }

        return result;
    }

    /// <summary>
    /// The passes of every satellite over every station, searched in parallel. The result is indexed
    /// [satellite][station] in the order given, whatever order the work finished in.
    /// </summary>
    /// <param name="satellites">Ephemerides; shared between threads, so they must be thread-safe.</param>
    /// <param name="sites">Stations.</param>
    /// <param name="window">The window searched for every pair.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use; -1 for the runtime's choice.</param>
    /// <param name="cancellationToken">Stops the search between pairs.</param>
    public static IReadOnlyList<IReadOnlyList<PassPrediction>> PredictMany(
        IReadOnlyList<ITemeEphemeris> satellites,
        IReadOnlyList<GroundStationSite> sites,
        TimeWindow window,
        int maxDegreeOfParallelism = -1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(satellites);
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(window);
        var observers = sites.Select(s => new TopocentricObserver(s.Position)).ToArray();
        var results = new PassPrediction[satellites.Count][];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = new PassPrediction[sites.Count];
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(0, satellites.Count * sites.Count, options, pair =>
        {
            var satellite = Math.DivRem(pair, sites.Count, out var station);
            results[satellite][station] =
                new PassSearch(satellites[satellite], sites[station], observers[station], window).Run();
        });
        return results;
    }
}
