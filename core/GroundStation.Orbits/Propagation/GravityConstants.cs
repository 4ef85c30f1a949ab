namespace GroundStation.Orbits.Propagation;

/// <summary>The Earth constants one <see cref="GravityModel"/> gives SGP4, in the model's canonical units.</summary>
internal readonly record struct GravityConstants(
    double RadiusKm,
    double Xke,
    double J2,
    double J3,
    double J4)
{
    /// <summary>J3 / J2, used by the long-period terms.</summary>
    public double J3OverJ2 => J3 / J2;

    /// <summary>Velocity unit: Earth radii per minute in km/s.</summary>
    public double KmPerSecondPerUnit => RadiusKm * Xke / 60.0;

    public static GravityConstants For(GravityModel model) => model switch
    {
        GravityModel.Wgs72Old => new(6378.135, 0.0743669161, 0.001082616, -0.00000253881, -0.00000165597),
        GravityModel.Wgs72 => FromMu(398600.8, 6378.135, 0.001082616, -0.00000253881, -0.00000165597),
        GravityModel.Wgs84 => FromMu(398600.5, 6378.137, 0.00108262998905, -0.00000253215306, -0.00000161098761),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown gravity model."),
    };

    private static GravityConstants FromMu(double mu, double radiusKm, double j2, double j3, double j4) =>
        new(radiusKm, 60.0 / Math.Sqrt(radiusKm * radiusKm * radiusKm / mu), j2, j3, j4);
}
