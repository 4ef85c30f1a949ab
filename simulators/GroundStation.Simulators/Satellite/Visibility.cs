namespace GroundStation.Simulators.Satellite;

/// <summary>Where the spacecraft stands as seen from the station at one instant.</summary>
/// <param name="InView">True when the spacecraft is above the station's minimum elevation: the link can close.</param>
/// <param name="ElevationDegrees">Elevation above the horizon, in degrees.</param>
/// <param name="RangeRateKmPerSecond">Rate of change of the slant range, km/s (positive when receding).</param>
public readonly record struct VisibilitySample(bool InView, double ElevationDegrees, double RangeRateKmPerSecond);

/// <summary>Says whether one spacecraft is in view of one station; the simulators' only window on orbital geometry.</summary>
public interface IVisibility
{
    /// <summary>The geometry at <paramref name="instant"/>.</summary>
    VisibilitySample At(DateTimeOffset instant);
}
