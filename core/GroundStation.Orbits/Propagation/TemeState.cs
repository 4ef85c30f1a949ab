namespace GroundStation.Orbits.Propagation;

/// <summary>A position and velocity in the True Equator, Mean Equinox frame SGP4 works in.</summary>
/// <param name="PositionKm">Position in km.</param>
/// <param name="VelocityKmPerSecond">Velocity in km/s.</param>
public readonly record struct TemeState(Vector3D PositionKm, Vector3D VelocityKmPerSecond);
