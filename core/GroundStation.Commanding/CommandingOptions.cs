namespace GroundStation.Commanding;

/// <summary>Settings of the command pipeline.</summary>
public sealed class CommandingOptions
{
    /// <summary>The SQLite file of commands and their history.</summary>
    public string DatabasePath { get; set; } = "commands.db";

    /// <summary>How long before a contact's AOS its queued commands are released to its station.</summary>
    public TimeSpan ReleaseLead { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A contact with less than this left before LOS is not worth releasing into; the next one is used.</summary>
    public TimeSpan MinimumUplinkTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long after Sent the housekeeping may take to report the command (the verifier's window).</summary>
    public TimeSpan VerificationWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The expiry of a command that names none.</summary>
    public TimeSpan DefaultExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The longest expiry a sender may ask for.</summary>
    public TimeSpan MaximumExpiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new ArgumentException("Commanding: DatabasePath is empty.");
        }

        if (ReleaseLead < TimeSpan.Zero || MinimumUplinkTime < TimeSpan.Zero || VerificationWindow <= TimeSpan.Zero ||
            DefaultExpiry <= TimeSpan.Zero || MaximumExpiry < DefaultExpiry)
        {
            throw new ArgumentException(
                $"Commanding: ReleaseLead ({ReleaseLead}) and MinimumUplinkTime ({MinimumUplinkTime}) must not be negative, " +
                $"VerificationWindow ({VerificationWindow}) and DefaultExpiry ({DefaultExpiry}) must be positive, MaximumExpiry ({MaximumExpiry}) at least DefaultExpiry.");
        }
    }
}
