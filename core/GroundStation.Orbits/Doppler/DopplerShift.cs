namespace GroundStation.Orbits.Doppler;

/// <summary>
/// Doppler correction for a link between a station and a satellite, from the topocentric range rate (km/s, positive
/// when the satellite recedes).
/// <para>
/// Downlink: the station hears f_rx = f (1 - rdot / c), the first-order (non-relativistic) shift. At LEO speeds
/// (|rdot| &lt; 8 km/s) the second-order term (rdot/c)^2 is below 7e-10 of f, 1.6 Hz at 2.4 GHz, far inside any
/// receiver's tracking loop, and it is the convention of every tracking program operators compare against.
/// </para>
/// <para>
/// Uplink: the station sends f_tx = f / (1 - rdot / c), the exact inverse of the same model, so a signal
/// pre-compensated this way arrives at the satellite at exactly f under the model. The first-order alternative
/// f (1 + rdot / c) leaves a residual of f (rdot/c)^2; using the inverse keeps downlink and uplink consistent with one
/// another at no cost.
/// </para>
/// </summary>
public static class DopplerShift
{
    /// <summary>Speed of light in vacuum, km/s.</summary>
    public const double SpeedOfLightKmPerSecond = 299_792.458;

    /// <summary>The ratio received/transmitted on the downlink: 1 - rdot / c.</summary>
    public static double DownlinkFactor(double rangeRateKmPerSecond) =>
        1.0 - (rangeRateKmPerSecond / SpeedOfLightKmPerSecond);

    /// <summary>The ratio transmitted/nominal on the uplink: 1 / (1 - rdot / c).</summary>
    public static double UplinkFactor(double rangeRateKmPerSecond) => 1.0 / DownlinkFactor(rangeRateKmPerSecond);

    /// <summary>The frequency the station receives when the satellite transmits <paramref name="transmitted"/>.</summary>
    public static Frequency Downlink(Frequency transmitted, double rangeRateKmPerSecond) =>
        new(transmitted.Hertz * DownlinkFactor(rangeRateKmPerSecond));

    /// <summary>The frequency the station must send so that the satellite receives <paramref name="nominal"/>.</summary>
    public static Frequency Uplink(Frequency nominal, double rangeRateKmPerSecond) =>
        new(nominal.Hertz * UplinkFactor(rangeRateKmPerSecond));
}
