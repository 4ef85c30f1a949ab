namespace GroundStation.Scheduling;

/// <summary>Options of the scheduler.</summary>
public sealed class SchedulingOptions
{
    /// <summary>The SQLite file holding the schedule and decisions. Required.</summary>
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>How far ahead contacts are planned (3 days by default).</summary>
    public TimeSpan Horizon { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Station time reserved before AOS: pre-positioning the rotator, tuning, pre-pass hooks.</summary>
    public TimeSpan PrePassMargin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Station time reserved after LOS: parking, post-pass hooks. Also the guard between contacts.</summary>
    public TimeSpan PostPassMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The rolling re-plan period (the horizon moves on; new passes come into it).</summary>
    public TimeSpan ReplanInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long finished contacts stay queryable.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// True (default): a satellite is in contact with at most one station at a time, so overlapping passes over
    /// several stations give it one contact and leave the other stations to other satellites.
    /// </summary>
    public bool OneStationPerSatellite { get; set; } = true;

    /// <summary>Threads for the pass prediction; -1 for the runtime's choice.</summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new ArgumentException("SchedulingOptions.DatabasePath is required.");
        }

        if (Horizon <= TimeSpan.Zero || Horizon > TimeSpan.FromDays(30))
        {
            throw new ArgumentException($"SchedulingOptions.Horizon {Horizon} must be above zero and at most 30 days.");
        }

        if (PrePassMargin < TimeSpan.Zero || PostPassMargin < TimeSpan.Zero)
        {
            throw new ArgumentException("SchedulingOptions pre/post-pass margins must not be negative.");
        }

        if (ReplanInterval < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"SchedulingOptions.ReplanInterval {ReplanInterval} must be at least a second.");
        }
    }
}
