namespace GroundStation.Orbits.Propagation;

/// <summary>The Earth gravity constants SGP4 runs with. Element sets are fitted with WGS-72, so that is the default.</summary>
public enum GravityModel
{
    /// <summary>WGS-72 with the legacy rounded xke of Spacetrack Report #3 (0.0743669161).</summary>
    Wgs72Old,

    /// <summary>WGS-72 (the constants the element sets are generated with; the default).</summary>
    Wgs72,

    /// <summary>WGS-84 (on request only: using it with WGS-72 element sets lowers accuracy).</summary>
    Wgs84,
}
