using System.Globalization;
using GroundStation.Edge.Configuration;
using GroundStation.Edge.Passes;
using GroundStation.Edge.Storage;
using GroundStation.Messaging.Contracts;
using Microsoft.Extensions.Logging;

namespace GroundStation.Edge.Plans;

/// <summary>
/// Keeps the station's plan: loads the stored one at start (so passes run with the core and the broker unreachable),
/// checks every plan message (signature, station, version, passes), stores and applies an accepted one, and rejects a
/// bad one with named errors, logged and published as a <see cref="PassEvent"/> (pass id <c>plan.v{version}</c>, or <c>plan.unverified</c> when nothing of it can be trusted, state
/// Failed, the errors as reason), while the previous plan stays in force.
/// </summary>
public sealed partial class PlanService(
    EdgeStore store,
    CoreSigningKey coreKey,
    EdgeConfiguration configuration,
    PassExecutor executor,
    TimeProvider time,
    Action wakeOutbox,
    ILogger<PlanService> logger)
{
    private const int MaximumReasonLength = 4000;
    private readonly Lock _gate = new();
    private long? _version;

    /// <summary>The version of the plan in force, if any.</summary>
    public long? Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>Loads and applies the stored plan, if any; returns its version.</summary>
    public long? LoadStored()
    {
        lock (_gate)
        {
            return LoadStoredLocked();
        }
    }

    private long? LoadStoredLocked()
    {
        if (store.LoadPlan() is not { } stored)
        {
            LogNoStoredPlan();
            return null;
        }

        var check = PlanValidator.Check(stored.Message, coreKey, configuration.Station.Id, currentVersion: null);
        if (check.Outcome != PlanOutcome.Accepted || !TryApply(check.Plan!, out var errors))
        {
            LogStoredRejected(stored.Version, string.Join("; ", check.Errors));
            return null;
        }

        LogLoaded(check.Plan!.PlanVersion, check.Plan.Passes.Count);
        return check.Plan.PlanVersion;
    }

    /// <summary>Handles one message from the plan topic.</summary>
    public PlanCheck OnMessage(ReadOnlyMemory<byte> payload)
    {
        lock (_gate)
        {
            return Handle(payload);
        }
    }

    private PlanCheck Handle(ReadOnlyMemory<byte> payload)
    {
        var check = PlanValidator.Check(payload.Span, coreKey, configuration.Station.Id, _version);
        switch (check.Outcome)
        {
            case PlanOutcome.Ignored:
                LogIgnored(check.Plan!.PlanVersion, _version ?? 0);
                return check;
            case PlanOutcome.Rejected:
                Reject(check.Plan, check.Errors);
                return check;
        }

        if (!TryApply(check.Plan!, out var errors))
        {
            Reject(check.Plan, errors);
            return check with { Outcome = PlanOutcome.Rejected, Errors = errors };
        }

        store.SavePlan(check.Plan!.PlanVersion, payload.Span, time.GetUtcNow());
        LogAccepted(check.Plan.PlanVersion, check.Plan.Passes.Count);
        return check;
    }

    private bool TryApply(PassPlan plan, out IReadOnlyList<string> errors)
    {
        var schedules = new List<PassSchedule>(plan.Passes.Count);
        var problems = new List<string>();
        for (var i = 0; i < plan.Passes.Count; i++)
        {
            try
            {
                schedules.Add(PassSchedule.Create(plan.Passes[i], configuration.Station, configuration.Rotator, configuration.Tracking.PrePassMargin));
            }
            catch (Exception error) when (error is InvalidOperationException or ArgumentException or FormatException)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"passes[{i}] ({plan.Passes[i].PassId}): cannot compute the track: {error.Message}"));
            }
        }

        errors = problems;
        if (problems.Count > 0)
        {
            return false;
        }

        _version = plan.PlanVersion;
        executor.SetPlan(plan.PlanVersion, schedules);
        return true;
    }

    private void Reject(PassPlan? plan, IReadOnlyList<string> errors)
    {
        var label = plan is null ? "plan.unverified" : string.Create(CultureInfo.InvariantCulture, $"plan.v{plan.PlanVersion}");
        foreach (var error in errors)
        {
            LogRejectedError(label, error);
        }

        LogKept(label, _version);
        var reason = "plan rejected: " + string.Join("; ", errors);
        if (reason.Length > MaximumReasonLength)
        {
            reason = reason[..MaximumReasonLength] + "...";
        }

        var station = configuration.Station.Id;
        var message = new PassEvent(PassEvent.CurrentVersion, station, label, PassState.Failed, time.GetUtcNow(), reason);
        store.Enqueue(GroundStationTopics.PassEvents(station).Value, GroundStationMessages.Encode(message));
        wakeOutbox();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "no stored plan: waiting for one from the core")]
    private partial void LogNoStoredPlan();

    [LoggerMessage(Level = LogLevel.Error, Message = "the stored plan v{Version} is no longer valid and is not used: {Errors}")]
    private partial void LogStoredRejected(long version, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "stored plan v{Version} loaded: {Count} passes")]
    private partial void LogLoaded(long version, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "plan v{Version} accepted: {Count} passes")]
    private partial void LogAccepted(long version, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "plan v{Version} ignored: not newer than v{Current}")]
    private partial void LogIgnored(long version, long current);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Plan} rejected: {Error}")]
    private partial void LogRejectedError(string plan, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Plan} rejected; plan v{Current} stays in force")]
    private partial void LogKept(string plan, long? current);
}
