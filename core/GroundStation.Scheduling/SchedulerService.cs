using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Registry;
using GroundStation.Scheduling.Planning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Scheduling;

/// <summary>
/// The network scheduler: plans contacts of every satellite over every station for the horizon, keeps the schedule and
/// every decision in SQLite, re-plans on registry changes, on a timer (rolling horizon), on request and when a station
/// is lost or back, never moves a contact whose setup has begun, and publishes each station's signed plan whenever it
/// changes. Planning runs are serialised; reads are lock-free on an immutable snapshot.
/// </summary>
public sealed partial class SchedulerService : IContactSchedule, IHostedService, IDisposable
{
    private readonly IRegistry _registry;
    private readonly IPlanPublisher _publisher;
    private readonly CoreSigningKey _signingKey;
    private readonly SchedulingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ScheduleStore _store;
    private readonly PassPlanner _planner;
    private readonly PassPredictionCache _cache = new();
    private readonly SemaphoreSlim _planning = new(1, 1);
    private readonly Channel<string> _requests = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<StationId, (long Version, string Fingerprint)> _plans;
    private readonly Dictionary<StationId, (DateTimeOffset Since, string Reason)> _lost;
    private readonly CancellationTokenSource _stopping = new();
    private volatile Snapshot _snapshot;
    private ITimer? _timer;
    private int _disposed;
    private Task? _loop;

    /// <summary>Opens the schedule database and recovers the stored schedule; <see cref="StartAsync"/> starts re-planning.</summary>
    public SchedulerService(IRegistry registry, IPlanPublisher publisher, CoreSigningKey signingKey, SchedulingOptions options,
        TimeProvider timeProvider, ILogger<SchedulerService>? logger = null)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
        _signingKey = signingKey ?? throw new ArgumentNullException(nameof(signingKey));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _planner = new PassPlanner(options);
        _store = new ScheduleStore(options.DatabasePath);
        _plans = _store.LoadPlans();
        _lost = _store.LoadLostStations();
        _snapshot = new Snapshot(_store.LoadVersion(), _store.LoadContacts(), _store.LoadRejections());
    }

    /// <inheritdoc />
    public event EventHandler<ScheduleChanged>? Changed;

    /// <summary>Raised after every planning run, changed or not, with its figures.</summary>
    public event EventHandler<PlanningStatistics>? Planned;

    /// <summary>The schedule version (increases with every change).</summary>
    public long Version => _snapshot.Version;

    /// <summary>Statistics of the last planning run.</summary>
    public PlanningStatistics? LastRun { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<ScheduledContact> Scheduled(DateTimeOffset from, DateTimeOffset to, StationId? station = null, NoradId? norad = null) =>
        [.. _snapshot.Contacts.Select(p => p.Contact).Where(c => c.Los >= from && c.Aos <= to && Matches(c, station, norad))];

    /// <inheritdoc />
    public ScheduledContact? Find(PassId passId) => _snapshot.ById.TryGetValue(passId, out var planned) ? planned.Contact : null;

    /// <summary>Scheduled contacts and, with <paramref name="includeRejected"/>, rejected candidates overlapping the period, by AOS.</summary>
    public IReadOnlyList<PassDecision> Decisions(DateTimeOffset from, DateTimeOffset to, StationId? station, NoradId? norad, bool includeRejected)
    {
        var snapshot = _snapshot;
        var scheduled = snapshot.Contacts.Select(p => p.Contact).Where(c => c.Los >= from && c.Aos <= to && Matches(c, station, norad))
            .Select(c => new PassDecision(c, PassDecisionStatus.Scheduled, null));
        var all = includeRejected
            ? scheduled.Concat(snapshot.Rejected.Overlapping(from, to, station, norad))
            : scheduled;
        return [.. all.OrderBy(d => d.Contact.Aos).ThenBy(d => d.Contact.PassId.Value, StringComparer.Ordinal)];
    }

    /// <summary>The look angles of a scheduled contact every <paramref name="step"/>, or null for an unknown contact or station.</summary>
    public PassTrack? Track(PassId passId, TimeSpan step)
    {
        if (!_snapshot.ById.TryGetValue(passId, out var planned) || _registry.FindStation(planned.Contact.Station) is not { } station)
        {
            return null;
        }

        return PassTrack.Compute(planned.Contact, planned.TleLine1, planned.TleLine2, station.Location,
            step < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : step);
    }

    /// <summary>Asks for a re-plan soon, without waiting (requests arriving during a run are merged into one run).</summary>
    public void RequestReplan(string reason) => _requests.Writer.TryWrite(reason);

    /// <summary>Re-plans now and returns when the new schedule is stored, announced and published.</summary>
    public async Task ReplanAsync(string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        await _planning.WaitAsync(cancellationToken);
        try
        {
            await RunAsync(reason, cancellationToken);
        }
        finally
        {
            _planning.Release();
        }
    }

    /// <summary>
    /// Takes a station out of planning until <see cref="StationBackAsync"/>: its contacts whose setup had not begun at
    /// <paramref name="since"/> are removed, and their satellites move to other stations where they can.
    /// </summary>
    public async Task StationLostAsync(StationId station, DateTimeOffset since, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        await _planning.WaitAsync(cancellationToken);
        try
        {
            _store.SetLost(station, since, reason);
            _lost[station] = (since, reason);
            await RunAsync($"station {station} lost: {reason}", cancellationToken);
        }
        finally
        {
            _planning.Release();
        }
    }

    /// <summary>Puts a lost station back into planning and re-plans.</summary>
    public async Task StationBackAsync(StationId station, CancellationToken cancellationToken)
    {
        await _planning.WaitAsync(cancellationToken);
        try
        {
            if (!_lost.Remove(station))
            {
                return;
            }

            _store.ClearLost(station);
            await RunAsync($"station {station} back", cancellationToken);
        }
        finally
        {
            _planning.Release();
        }
    }

    /// <summary>Subscribes to registry changes, starts the rolling re-plan timer and queues a first run.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registry.Changed += OnRegistryChanged;
        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        _timer = _time.CreateTimer(_ => RequestReplan("rolling horizon"), null, _options.ReplanInterval, _options.ReplanInterval);
        RequestReplan("startup");
        return Task.CompletedTask;
    }

    /// <summary>Stops re-planning; a run in progress is cancelled.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _registry.Changed -= OnRegistryChanged;
        _timer?.Dispose();
        _requests.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Releases the store and timers; idempotent (DI may dispose the instance under each of its registrations).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _registry.Changed -= OnRegistryChanged;
        _timer?.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
        _planning.Dispose();
        _store.Dispose();
    }

    private static bool Matches(ScheduledContact c, StationId? station, NoradId? norad) =>
        (station is null || c.Station == station) && (norad is null || c.Norad == norad);

    private static string Fingerprint(IReadOnlyList<PlannedContact> contacts)
    {
        var text = new StringBuilder();
        foreach (var p in contacts)
        {
            text.Append(p.Contact.PassId.Value).Append('|').Append(p.Contact.Aos.UtcTicks).Append('|').Append(p.Contact.Los.UtcTicks).Append('|')
                .Append(p.TleLine1).Append('|').Append(p.DownlinkHz).Append('|').Append(p.UplinkHz).Append('|').Append(p.Mode).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private void OnRegistryChanged(object? sender, RegistryChanged change) => RequestReplan(change.Description);

    private async Task LoopAsync(CancellationToken ct)
    {
        try
        {
            while (await _requests.Reader.WaitToReadAsync(ct))
            {
                var reasons = new List<string>();
                while (_requests.Reader.TryRead(out var reason))
                {
                    if (!reasons.Contains(reason))
                    {
                        reasons.Add(reason);
                    }
                }

                try
                {
                    await ReplanAsync(string.Join("; ", reasons), ct);
                }
                catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // A failed run leaves the previous schedule in force; the next request or timer tick tries again.
                    LogReplanFailed(error, string.Join("; ", reasons));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RunAsync(string reason, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        var now = _time.GetUtcNow();
        var previous = _snapshot;
        var frozen = new List<PlannedContact>();
        var history = new List<PlannedContact>();
        foreach (var planned in previous.Contacts)
        {
            var c = planned.Contact;
            if (c.TeardownEnd <= now)
            {
                if (c.TeardownEnd > now - _options.Retention)
                {
                    history.Add(planned);
                }
            }
            else if (c.SetupStart <= now && !(_lost.TryGetValue(c.Station, out var lost) && c.SetupStart >= lost.Since))
            {
                frozen.Add(planned);
            }
        }

        var horizonEnd = now + _options.Horizon;
        var satellites = _registry.Satellites().Where(s => s.Latest is not null).ToArray();
        var stations = _registry.Stations();
        var input = new PlanningInput(now, horizonEnd, satellites, stations,
            _registry.Unavailability(now - _options.PrePassMargin, horizonEnd + TimeSpan.FromDays(1)),
            _lost.ToDictionary(p => p.Key, p => p.Value.Reason), frozen);
        var window = _planner.PredictionWindow(now);
        var (predictions, predicting) = await Task.Run(() =>
        {
            var begin = _time.GetTimestamp();
            return (_cache.Predict(satellites, stations, window, _options.MaxDegreeOfParallelism, ct), _time.GetElapsedTime(begin));
        }, ct);
        var resolvingStarted = _time.GetTimestamp();
        var result = _planner.Plan(input, predictions);
        var resolving = _time.GetElapsedTime(resolvingStarted);

        var oldActive = previous.Contacts.Where(p => p.Contact.TeardownEnd > now).ToDictionary(p => p.Contact.PassId);
        var newActive = result.Scheduled.ToDictionary(p => p.Contact.PassId);
        var added = result.Scheduled.Where(p => !oldActive.TryGetValue(p.Contact.PassId, out var old) || old != p).ToList();
        var removed = oldActive.Values.Where(p => !newActive.ContainsKey(p.Contact.PassId)).OrderBy(p => p.Contact.Aos).ToList();
        var pruned = previous.Contacts.Where(p => p.Contact.TeardownEnd <= now - _options.Retention).Select(p => p.Contact.PassId);
        var changed = added.Count > 0 || removed.Count > 0;
        var version = changed ? previous.Version + 1 : previous.Version;
        var storingStarted = _time.GetTimestamp();
        _store.Save(version, added, removed.Select(p => p.Contact.PassId).Concat(pruned), result.Rejected);
        var storing = _time.GetElapsedTime(storingStarted);
        _snapshot = new Snapshot(version, [.. history, .. result.Scheduled], result.Rejected);
        LastRun = new PlanningStatistics(now, satellites.Length, stations.Count, _cache.LastPredictedPairs, result.Candidates,
            result.Scheduled.Count, result.Rejected.Count, predicting, resolving, storing, _time.GetElapsedTime(started));
        LogPlanned(reason, version, result.Scheduled.Count, result.Rejected.Count, added.Count, removed.Count, _cache.LastPredictedPairs);
        if (changed)
        {
            Changed?.Invoke(this, new ScheduleChanged(version, [.. added.Select(p => p.Contact)], [.. removed.Select(p => p.Contact)], reason));
        }

        await PublishPlansAsync(stations, result.Scheduled, now, ct);
        Planned?.Invoke(this, LastRun);
    }

    private async Task PublishPlansAsync(IReadOnlyList<StationRecord> stations, IReadOnlyList<PlannedContact> scheduled, DateTimeOffset now, CancellationToken ct)
    {
        var byStation = scheduled.ToLookup(p => p.Contact.Station);
        foreach (var station in stations)
        {
            var contacts = byStation[station.Id].ToList();
            var fingerprint = Fingerprint(contacts);
            var known = _plans.GetValueOrDefault(station.Id);
            if (known.Fingerprint == fingerprint)
            {
                continue;
            }

            var planVersion = known.Version + 1;
            var plan = new PassPlan(PassPlan.CurrentVersion, station.Id, planVersion, now,
                [.. contacts.Select(p => new PlannedPass(p.Contact.PassId.Value, p.Contact.Norad.Value, p.Contact.SatelliteName, p.TleLine1, p.TleLine2,
                    p.Contact.Aos, p.Contact.Los, p.Contact.MaxElevationDeg, p.DownlinkHz, p.UplinkHz, p.Mode))]);
            try
            {
                await _publisher.PublishAsync(station.Id, _signingKey.Sign(plan), ct);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Not recorded as published, so the next run publishes it again.
                LogPublishFailed(error, station.Id.Value, planVersion);
                continue;
            }

            _plans[station.Id] = (planVersion, fingerprint);
            _store.SavePlan(station.Id, planVersion, fingerprint);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Planned ({Reason}): version {Version}, {Scheduled} contacts, {Rejected} rejected, +{Added} -{Removed}, {Pairs} pairs predicted")]
    private partial void LogPlanned(string reason, long version, int scheduled, int rejected, int added, int removed, int pairs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-planning ({Reason}) failed; the previous schedule stays in force")]
    private partial void LogReplanFailed(Exception error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing plan {PlanVersion} for station {Station} failed; retried on the next run")]
    private partial void LogPublishFailed(Exception error, string station, long planVersion);

    /// <summary>An immutable view of the schedule.</summary>
    private sealed class Snapshot
    {
        public Snapshot(long version, List<PlannedContact> contacts, Rejections rejected)
        {
            contacts.Sort((a, b) => PassPlanner.ByAos(a.Contact, b.Contact));
            Version = version;
            Contacts = contacts;
            Rejected = rejected;
            ById = contacts.ToDictionary(p => p.Contact.PassId);
        }

        public long Version { get; }

        public IReadOnlyList<PlannedContact> Contacts { get; }

        public Rejections Rejected { get; }

        public Dictionary<PassId, PlannedContact> ById { get; }
    }
}

/// <summary>Figures of one planning run.</summary>
/// <param name="PlannedAt">The planning time.</param>
/// <param name="Satellites">Satellites with an element set.</param>
/// <param name="Stations">Stations.</param>
/// <param name="PredictedPairs">Satellite-station pairs predicted in this run (the rest came from the cache).</param>
/// <param name="Candidates">Candidate passes considered.</param>
/// <param name="Scheduled">Contacts in the schedule from the planning time on.</param>
/// <param name="Rejected">Candidates rejected.</param>
/// <param name="Predicting">Time spent predicting passes.</param>
/// <param name="Resolving">Time spent filtering and resolving candidates.</param>
/// <param name="Storing">Time spent storing the schedule and decisions.</param>
/// <param name="Elapsed">Wall time of the whole run (publishing included).</param>
public sealed record PlanningStatistics(
    DateTimeOffset PlannedAt, int Satellites, int Stations, int PredictedPairs, int Candidates, int Scheduled, int Rejected,
    TimeSpan Predicting, TimeSpan Resolving, TimeSpan Storing, TimeSpan Elapsed);
