using System.Globalization;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;

namespace GroundStation.Scheduling.Planning;

/// <summary>The pass id format of DESIGN.md: <c>{station}.{norad}.{aos:yyyyMMddTHHmm}Z</c>.</summary>
public static class PassIds
{
    /// <summary>The id of the pass of <paramref name="norad"/> over <paramref name="station"/> rising at <paramref name="aos"/>.</summary>
    public static PassId For(StationId station, NoradId norad, DateTimeOffset aos) =>
        PassId.Parse(string.Create(CultureInfo.InvariantCulture, $"{station.Value}.{norad.Value}.{aos.UtcDateTime:yyyyMMdd'T'HHmm}Z"));
}
