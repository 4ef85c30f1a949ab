using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GroundStation.Iam.Service;

namespace GroundStation.Iam.Client;

/// <summary>An IAM service answered with an error.</summary>
public sealed class IamClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IamClientException(HttpStatusCode status, string message)
        : base(message) => Status = status;

    /// <summary>Creates the exception.</summary>
    public IamClientException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public IamClientException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public IamClientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }
}

/// <summary>
/// The IAM HTTP API from .NET, authenticated with the caller's own key in <c>Authorization: Bearer</c>. Every call
/// asks the service; <see cref="CachingKeyVerifier"/> adds the cache.
/// </summary>
public sealed class IamClient : IKeyVerifier
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue _authorization;

    /// <summary>Creates a client over <paramref name="http"/> (whose BaseAddress is the service) using <paramref name="callerKey"/>.</summary>
    public IamClient(HttpClient http, string callerKey)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        ArgumentException.ThrowIfNullOrEmpty(callerKey);
        _authorization = new AuthenticationHeaderValue("Bearer", callerKey);
    }

    /// <inheritdoc />
    public async ValueTask<VerifyResponse> VerifyAsync(string key, string? action, string? resource, CancellationToken cancellationToken) =>
        await SendAsync<VerifyResponse>(HttpMethod.Post, "v1/keys/verify", new VerifyRequest(key, action, resource), cancellationToken);

    /// <summary>Creates a key.</summary>
    public Task<CreatedKeyResponse> CreateKeyAsync(CreateKeyRequest request, CancellationToken cancellationToken) =>
        SendAsync<CreatedKeyResponse>(HttpMethod.Post, "v1/keys", request, cancellationToken);

    /// <summary>Lists keys.</summary>
    public Task<IReadOnlyList<KeyView>> ListKeysAsync(CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<KeyView>>(HttpMethod.Get, "v1/keys", null, cancellationToken);

    /// <summary>Revokes a key.</summary>
    public Task<KeyView> RevokeKeyAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<KeyView>(HttpMethod.Post, $"v1/keys/{Uri.EscapeDataString(id)}/revoke", null, cancellationToken);

    /// <summary>Rotates a key.</summary>
    public Task<CreatedKeyResponse> RotateKeyAsync(string id, RotateKeyRequest request, CancellationToken cancellationToken) =>
        SendAsync<CreatedKeyResponse>(HttpMethod.Post, $"v1/keys/{Uri.EscapeDataString(id)}/rotate", request, cancellationToken);

    /// <summary>Reads the caller's tenant's audit records.</summary>
    public Task<IReadOnlyList<AuditView>> ReadAuditAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<AuditView>>(HttpMethod.Get, $"v1/audit?from={Uri.EscapeDataString(since.ToString("O"))}&to={Uri.EscapeDataString(until.ToString("O"))}", null, cancellationToken);

    /// <summary>Long-polls the revocation feed; <paramref name="after"/> below zero returns the latest sequence at once.</summary>
    public Task<RevocationFeedResponse> RevocationsAsync(long after, TimeSpan wait, CancellationToken cancellationToken) =>
        SendAsync<RevocationFeedResponse>(HttpMethod.Get, FormattableString.Invariant($"v1/revocations?after={after}&wait={wait.TotalSeconds}"), null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = _authorization;
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ReadErrorAsync(response, cancellationToken);
            throw new IamClientException(response.StatusCode, $"IAM service answered {(int)response.StatusCode}: {error}");
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new IamClientException(response.StatusCode, "IAM service answered with an empty body");
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var error = await response.Content.ReadFromJsonAsync<ErrorResponse>(Json, cancellationToken);
            return error?.Error ?? response.ReasonPhrase ?? "no detail";
        }
        catch (JsonException)
        {
            return response.ReasonPhrase ?? "no detail";
        }
    }
}
