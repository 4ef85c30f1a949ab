namespace GroundStation.Orbits.Geometry;

/// <summary>
/// Where a satellite is as seen from a station: azimuth and elevation (geodetic horizon), slant range in km and range
/// rate in km/s (positive when the satellite recedes).
/// </summary>
/// <param name="Azimuth">Clockwise from true north.</param>
/// <param name="Elevation">Above the station's geodetic horizon.</param>
/// <param name="RangeKm">Slant range.</param>
/// <param name="RangeRateKmPerSecond">Rate of change of the slant range; positive when receding.</param>
public readonly record struct LookAngles(Azimuth Azimuth, Elevation Elevation, double RangeKm, double RangeRateKmPerSecond);
