namespace GroundStation.Orbits.Frames;

/// <summary>A position (km) and velocity (km/s) in an Earth-fixed frame (PEF or ITRF, as the producer says).</summary>
/// <param name="PositionKm">Position, km.</param>
/// <param name="VelocityKmPerSecond">Velocity relative to the rotating Earth, km/s.</param>
public readonly record struct EarthFixedState(Vector3D PositionKm, Vector3D VelocityKmPerSecond);
