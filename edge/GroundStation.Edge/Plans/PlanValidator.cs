using System.Globalization;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Propagation;

namespace GroundStation.Edge.Plans;

/// <summary>What became of a plan message.</summary>
public enum PlanOutcome
{
    /// <summary>Verified and valid: it replaces the plan in force.</summary>
    Accepted,

    /// <summary>Valid but not newer than the plan in force (a retained copy seen again): ignored.</summary>
    Ignored,

    /// <summary>Refused; the errors say why, and the plan in force stays.</summary>
    Rejected,
}

/// <summary>The result of checking one plan message.</summary>
/// <param name="Outcome">Accepted, ignored or rejected.</param>
/// <param name="Plan">The plan, when it could be read (also for ignored and for some rejected ones).</param>
/// <param name="Errors">Every problem, each naming its field, for a rejected plan.</param>
public sealed record PlanCheck(PlanOutcome Outcome, PassPlan? Plan, IReadOnlyList<string> Errors);

/// <summary>
/// Checks a plan message before the agent acts on it: the core's signature, the kind, the station, the version
/// (older or equal ones are ignored) and every pass (pass id, TLE, SGP4, AOS before LOS, frequencies, no overlap
/// with the previous pass). Nothing of a rejected plan is used: the previous plan stays in force.
/// </summary>
public static class PlanValidator
{
    /// <summary>The longest pass accepted; a longer "pass" is a plan error, not a real contact of a LEO satellite.</summary>
    public static readonly TimeSpan MaximumPassDuration = TimeSpan.FromHours(6);

    /// <summary>Checks a raw plan message (JSON of a <see cref="SignedEnvelope"/>).</summary>
    /// <param name="payload">The MQTT payload.</param>
    /// <param name="coreKey">The trusted core key.</param>
    /// <param name="station">This station.</param>
    /// <param name="currentVersion">The version of the plan in force, if any.</param>
    public static PlanCheck Check(ReadOnlySpan<byte> payload, CoreSigningKey coreKey, StationId station, long? currentVersion)
    {
        ArgumentNullException.ThrowIfNull(coreKey);
        PassPlan plan;
        try
        {
            var envelope = GroundStationMessages.Decode<SignedEnvelope>(payload);
            plan = envelope.Open<PassPlan>(coreKey.Resolve);
        }
        catch (MessageFormatException error)
        {
            return new PlanCheck(PlanOutcome.Rejected, null, [$"envelope: {error.Message}"]);
        }

        if (plan.Station != station)
        {
            return new PlanCheck(PlanOutcome.Rejected, plan, [$"station: the plan is for '{plan.Station}', this is '{station}'"]);
        }

        if (currentVersion is { } current && plan.PlanVersion <= current)
        {
            return new PlanCheck(PlanOutcome.Ignored, plan, []);
        }

        var errors = CheckPasses(plan);
        return new PlanCheck(errors.Count == 0 ? PlanOutcome.Accepted : PlanOutcome.Rejected, plan, errors);
    }

    /// <summary>Every problem with the passes of <paramref name="plan"/>, each naming the pass and field.</summary>
    public static IReadOnlyList<string> CheckPasses(PassPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var errors = new List<string>();
        if (plan.Passes is null)
        {
            errors.Add("passes: missing");
            return errors;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        PlannedPass? previous = null;
        for (var i = 0; i < plan.Passes.Count; i++)
        {
            var pass = plan.Passes[i];
            var where = string.Create(CultureInfo.InvariantCulture, $"passes[{i}]");
            if (pass is null)
            {
                errors.Add($"{where}: null");
                continue;
            }

            if (!PassId.TryParse(pass.PassId, out _))
            {
                errors.Add($"{where}.passId: '{pass.PassId}' is not a pass id");
            }
            else
            {
                where = $"{where} ({pass.PassId})";
                if (!seen.Add(pass.PassId))
                {
                    errors.Add($"{where}.passId: appears twice");
                }
            }

            CheckTle(pass, where, errors);
            if (pass.Aos >= pass.Los)
            {
                errors.Add($"{where}.los: {pass.Los:O} is not after aos {pass.Aos:O}");
            }
            else if (pass.Los - pass.Aos > MaximumPassDuration)
            {
                errors.Add($"{where}.los: the pass lasts {pass.Los - pass.Aos}, more than {MaximumPassDuration}");
            }

            if (!(pass.MaxElevationDegrees is >= 0 and <= 90))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{where}.maxElevationDegrees: {pass.MaxElevationDegrees} is not between 0 and 90"));
            }

            if (pass.DownlinkHz <= 0)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{where}.downlinkHz: {pass.DownlinkHz} is not a frequency"));
            }

            if (pass.UplinkHz is <= 0)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{where}.uplinkHz: {pass.UplinkHz} is not a frequency"));
            }

            if (string.IsNullOrWhiteSpace(pass.Mode))
            {
                errors.Add($"{where}.mode: empty");
            }

            if (previous is not null && pass.Aos < previous.Los)
            {
                errors.Add($"{where}.aos: {pass.Aos:O} is before the LOS of the previous pass ({previous.Los:O}); one antenna cannot track two passes");
            }

            previous = pass;
        }

        return errors;
    }

    private static void CheckTle(PlannedPass pass, string where, List<string> errors)
    {
        if (pass.TleLine1 is null || pass.TleLine2 is null)
        {
            errors.Add($"{where}.tle: missing");
            return;
        }

        Tle tle;
        try
        {
            tle = TleParser.Parse(pass.TleLine1, pass.TleLine2);
        }
        catch (TleFormatException error)
        {
            errors.Add($"{where}.tle: {error.Message}");
            return;
        }

        if (tle.Elements.Id.Value != pass.NoradId)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{where}.noradId: {pass.NoradId} does not match the TLE's catalog number {tle.Elements.Id.Value}"));
        }

        var propagator = Sgp4Propagator.Create(tle.Elements);
        if (propagator.InitError != Sgp4Error.None)
        {
            errors.Add($"{where}.tle: SGP4 cannot use these elements ({propagator.InitError})");
        }
    }
}
