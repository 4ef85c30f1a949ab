using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GroundStation.Host.Demo;
using GroundStation.Testing;

namespace GroundStation.Core.Tests.EndToEnd;

/// <summary>The end-to-end tests' HTTP calls with a key, and their waits on a condition with a deadline.</summary>
internal static class EndToEndHelpers
{
    /// <summary>The demo topology on <paramref name="directory"/> at <paramref name="speed"/>, on free loopback ports.</summary>
    public static Task<DemoNetwork> StartDemoAsync(string directory, double speed, int satellites) =>
        DemoNetwork.StartAsync(new DemoOptions
        {
            DataDirectory = directory,
            Speed = speed,
            SatelliteCount = satellites,
            HttpListen = new IPEndPoint(IPAddress.Loopback, FreePort.Next()),
            BrokerListen = new IPEndPoint(IPAddress.Loopback, FreePort.Next()),
        }, CancellationToken.None);

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string key, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpClient http, HttpMethod method, string path, string key, string? json)
    {
        using var response = await SendAsync(http, method, path, key, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<T> EventuallyAsync<T>(Func<T?> probe, TimeSpan timeout, string what)
        where T : class =>
        EventuallyAsync(() => Task.FromResult(probe()), timeout, what);

    public static async Task<T> EventuallyAsync<T>(Func<T?> probe, TimeSpan timeout, string what, Func<string> explain)
        where T : class
    {
        try
        {
            return await EventuallyAsync(probe, timeout, what);
        }
        catch (TimeoutException expired)
        {
            throw new TimeoutException($"{expired.Message}: {explain()}", expired);
        }
    }

    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class =>
        (await Eventually.UntilAsync(probe, found => found is not null, timeout, what, ProbePeriod))!;

    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : struct =>
        (await Eventually.UntilAsync(probe, found => found.HasValue, timeout, what, ProbePeriod)).GetValueOrDefault();

    // The probes query a running core (its API or its services) while it works at high simulated speed.
    private static readonly TimeSpan ProbePeriod = TimeSpan.FromMilliseconds(250);
}
