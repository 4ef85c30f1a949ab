using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GroundStation.Core.Contacts;
using GroundStation.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Host.Demo;

/// <summary>
/// Watches the running demo and prints its milestones: passes scheduled, tracked and completed, telemetry stored, and
/// one critical command sent by operator A, approved by operator B, uplinked in a pass and verified by telemetry.
/// </summary>
internal sealed class DemoScript(DemoNetwork network, TextWriter output)
{
    private readonly HashSet<string> _said = [];
    private string? _commandId;
    private string? _commandStage;
    private long _framesSaid;

    /// <summary>True once the command reached a final stage.</summary>
    public bool CommandFinished => _commandStage is "Verified" or "Failed" or "Cancelled" or "Expired";

    public string? CommandStage => _commandStage;

    /// <summary>Looks once and prints what is new; called about once a second.</summary>
    public async Task StepAsync(CancellationToken cancellationToken)
    {
        var contacts = network.Core.Services.GetRequiredService<ContactService>().Query(new ContactQuery(Limit: 1000));
        var byState = contacts.GroupBy(c => c.State).ToDictionary(g => g.Key, g => g.Count());
        Once("scheduled", contacts.Count > 0, () =>
            $"{contacts.Count} passes scheduled over {contacts.Select(c => c.Station).Distinct().Count()} stations; first AOS {contacts.Min(c => c.Aos):HH:mm:ss}Z ({contacts[0].PassId})");
        if (contacts.FirstOrDefault(c => c.State == ContactState.Pass) is { } tracking)
        {
            Once("tracking", true, () => $"tracking {tracking.SatelliteName} from {tracking.Station} ({tracking.PassId})");
        }

        var completed = byState.GetValueOrDefault(ContactState.Completed);
        if (completed > 0)
        {
            Once($"completed-{Bucket(completed)}", true, () => $"{completed} passes completed, {byState.GetValueOrDefault(ContactState.Failed)} failed");
        }

        var frames = network.Core.Services.GetRequiredService<TelemetryIngest>().StoredCount;
        if (frames > 0 && Bucket(frames) != Bucket(_framesSaid))
        {
            _framesSaid = frames;
            Say($"telemetry: {frames} frames stored");
        }

        if (_commandId is null)
        {
            var now = network.Clock.GetUtcNow();
            // A satellite with a pass far enough ahead for the approval to happen before the release.
            if (contacts.FirstOrDefault(c => c.State == ContactState.Scheduled && c.Aos > now + TimeSpan.FromMinutes(5)) is { } next)
            {
                await SendCommandAsync(next, cancellationToken);
            }
        }
        else if (!CommandFinished)
        {
            await FollowCommandAsync(cancellationToken);
        }
    }

    private async Task SendCommandAsync(Contact next, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = network.Core.HttpUri };
        var sent = await SendAsync(http, HttpMethod.Post, "api/v1/commands", network.Keys.OperatorA,
            $$"""{"norad":{{next.Norad}},"command":"set-mode","argumentHex":"01"}""", cancellationToken);
        _commandId = sent.GetProperty("commandId").GetString();
        Say($"command {_commandId}: set-mode Nominal to {next.SatelliteName} sent by alice: {sent.GetProperty("stage").GetString()}");
        var approved = await SendAsync(http, HttpMethod.Post, $"api/v1/commands/{_commandId}/approve", network.Keys.OperatorB, "{}", cancellationToken);
        _commandStage = approved.GetProperty("stage").GetString();
        Say($"command {_commandId}: approved by bob: {_commandStage}");
    }

    private async Task FollowCommandAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = network.Core.HttpUri };
        var command = await SendAsync(http, HttpMethod.Get, $"api/v1/commands/{_commandId}", network.Keys.Viewer, null, cancellationToken);
        var stage = command.GetProperty("stage").GetString();
        if (stage != _commandStage)
        {
            _commandStage = stage;
            var where = command.TryGetProperty("passId", out var pass) && pass.ValueKind == JsonValueKind.String ? $" (pass {pass.GetString()})" : "";
            var reason = command.TryGetProperty("reason", out var why) && why.ValueKind == JsonValueKind.String ? $": {why.GetString()}" : "";
            Say($"command {_commandId}: {stage}{where}{reason}");
        }
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, string key, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    // 1, 2, 5, 10, 20, 50, ...: milestones without flooding the console.
    private static long Bucket(long value)
    {
        long bucket = 1;
        while (true)
        {
            foreach (var step in new long[] { 1, 2, 5 })
            {
                if (value < bucket * step * 2 && value >= bucket * step)
                {
                    return bucket * step;
                }
            }

            if (value < bucket * 10)
            {
                return bucket * 5;
            }

            bucket *= 10;
        }
    }

    private void Once(string key, bool condition, Func<string> text)
    {
        if (condition && _said.Add(key))
        {
            Say(text());
        }
    }

    private void Say(string text) => output.WriteLine($"[{network.Clock.GetUtcNow():HH:mm:ss}Z sim] {text}");
}
