using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GroundStation.Telemetry.Influx.LineProtocol;

namespace GroundStation.Telemetry.Influx.Http;

/// <summary>
/// A client of the InfluxDB v1 HTTP API (/write, /query, /ping), which InfluxDB 1.x serves natively and 2.x/3.x
/// serve for compatibility. Credentials go in the Authorization header only, never in the URL. Every failure is
/// an <see cref="InfluxException"/>; cancelling the caller's token raises <see cref="OperationCanceledException"/>.
/// </summary>
public sealed partial class InfluxV1Client
{
    private const int MaxErrorBodyChars = 64 * 1024;
    private readonly HttpClient _http;
    private readonly InfluxV1Options _options;
    private readonly TimeProvider _time;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>Creates a client sending its requests through <paramref name="http"/>, which the caller owns.</summary>
    public InfluxV1Client(HttpClient http, InfluxV1Options options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Database);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RequestTimeout, TimeSpan.Zero);
        _http = http;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _authorization = options.Token is { Length: > 0 } token
            ? new AuthenticationHeaderValue("Token", token)
            : options.Username is { Length: > 0 } user
                ? new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.Password}")))
                : null;
    }

    /// <summary>The options the client was created with.</summary>
    public InfluxV1Options Options => _options;

    /// <summary>Checks that the server answers /ping; returns the version it reports (X-Influxdb-Version), if any.</summary>
    public async Task<string?> PingAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Uri("ping", [])),
            "ping", cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "ping", cancellationToken).ConfigureAwait(false);
        return response.Headers.TryGetValues("X-Influxdb-Version", out var values) ? values.FirstOrDefault() : null;
    }

    /// <summary>Writes <paramref name="points"/> in one request at the configured precision.</summary>
    /// <exception cref="LineProtocolException">A point cannot be carried by line protocol; nothing was sent.</exception>
    /// <exception cref="InfluxPartialWriteException">The server refused some lines and stored the others.</exception>
    public Task WriteAsync(IReadOnlyCollection<LinePoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        var body = new ArrayBufferWriter<byte>(points.Count * 96 + 16);
        foreach (var point in points)
        {
            LineProtocolWriter.Write(point, _options.Precision, body);
        }

        return WriteBodyAsync(body.WrittenMemory, cancellationToken);
    }

    /// <summary>Sends lines already in line protocol (UTF-8, newline separated) at the configured precision.</summary>
    public Task WriteLinesAsync(string lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return WriteBodyAsync(Encoding.UTF8.GetBytes(lines), cancellationToken);
    }

    /// <summary>Runs a read-only query (SELECT, SHOW) with GET and returns each statement's series.</summary>
    /// <param name="query">InfluxQL text.</param>
    /// <param name="epoch">Return times as Unix integers in this unit; null returns RFC 3339 strings.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="InfluxQueryException">The server answered the query with an error.</exception>
    public Task<IReadOnlyList<InfluxStatementResult>> QueryAsync(string query, WritePrecision? epoch = null,
        CancellationToken cancellationToken = default) =>
        RunQueryAsync(HttpMethod.Get, query, epoch, cancellationToken);

    /// <summary>Runs a statement that changes the server (CREATE, DROP, ...) with POST.</summary>
    /// <exception cref="InfluxQueryException">The server answered the statement with an error.</exception>
    public Task<IReadOnlyList<InfluxStatementResult>> ExecuteAsync(string statement,
        CancellationToken cancellationToken = default) =>
        RunQueryAsync(HttpMethod.Post, statement, null, cancellationToken);

    /// <summary>Creates <paramref name="database"/> (the configured one when null); succeeds if it already exists.</summary>
    public Task CreateDatabaseAsync(string? database = null, CancellationToken cancellationToken = default) =>
        ExecuteAsync($"CREATE DATABASE {QuoteIdentifier(database ?? _options.Database)}", cancellationToken);

    /// <summary>Quotes an InfluxQL identifier (database, measurement, tag or field name) in double quotes.</summary>
    public static string QuoteIdentifier(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return "\"" + identifier.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Quotes an InfluxQL string literal (a tag value in WHERE) in single quotes.</summary>
    public static string QuoteLiteral(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        return "'" + literal.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }

    private async Task WriteBodyAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (body.IsEmpty)
        {
            return;
        }

        List<KeyValuePair<string, string>> parameters =
            [new("db", _options.Database), new("precision", _options.Precision.ToQueryValue())];
        if (_options.RetentionPolicy is { Length: > 0 } policy)
        {
            parameters.Add(new("rp", policy));
        }

        var payload = _options.Gzip ? Compress(body) : body;
        var uri = Uri("write", parameters);
        using var response = await SendAsync(() =>
        {
            var content = new ReadOnlyMemoryContent(payload);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            if (_options.Gzip)
            {
                content.Headers.ContentEncoding.Add("gzip");
            }

            return new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        }, "write", cancellationToken).ConfigureAwait(false);

        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            throw PartialWrite(body, error);
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            throw new InfluxDatabaseNotFoundException(_options.Database,
                $"Write to database '{_options.Database}' failed: not found (404): {error.Text}", error.Text);
        }

        await EnsureSuccessAsync(response, "write", cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<InfluxStatementResult>> RunQueryAsync(HttpMethod method, string query,
        WritePrecision? epoch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        List<KeyValuePair<string, string>> parameters = [new("db", _options.Database)];
        if (epoch is { } unit)
        {
            parameters.Add(new("epoch", unit.ToQueryValue()));
        }

        if (_options.RetentionPolicy is { Length: > 0 } policy)
        {
            parameters.Add(new("rp", policy));
        }

        HttpRequestMessage Create()
        {
            if (method == HttpMethod.Get)
            {
                return new HttpRequestMessage(method, Uri("query", [.. parameters, new("q", query)]));
            }

            // POST carries the statement in a form body so that long statements never hit URL length limits.
            return new HttpRequestMessage(method, Uri("query", parameters))
            {
                Content = new FormUrlEncodedContent([new("q", query)]),
            };
        }

        using var response = await SendAsync(Create, "query", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            throw new InfluxQueryException(query,
                $"Query failed ({(int)response.StatusCode}): {error.Text}. Query: {query}", error.Text);
        }

        await EnsureSuccessAsync(response, "query", cancellationToken).ConfigureAwait(false);
        QueryResponseJson? parsed;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            parsed = await JsonSerializer.DeserializeAsync(stream, InfluxJsonContext.Default.QueryResponseJson,
                cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new InfluxException($"The server's answer to the query is not valid JSON: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new InfluxConnectionException($"The connection broke while reading the query result: {e.Message}", e);
        }

        if (parsed is null)
        {
            throw new InfluxException("The server answered the query with an empty body.");
        }

        if (parsed.Error is { } topError)
        {
            throw new InfluxQueryException(query, $"Query failed: {topError}. Query: {query}", topError);
        }

        var results = new List<InfluxStatementResult>(parsed.Results?.Count ?? 0);
        foreach (var statement in parsed.Results ?? [])
        {
            if (statement.Error is { } error)
            {
                throw new InfluxQueryException(query,
                    $"Statement {statement.StatementId} failed: {error}. Query: {query}", error);
            }

            var series = (statement.Series ?? []).Select(s => new InfluxSeries(
                s.Name ?? string.Empty,
                s.Tags ?? new Dictionary<string, string>(),
                s.Columns ?? [],
                (s.Values ?? []).Select(IReadOnlyList<JsonElement> (row) => row).ToArray())).ToArray();
            results.Add(new InfluxStatementResult(statement.StatementId, series));
        }

        return results;
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, string operation,
        CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = create();
        request.Headers.Authorization = _authorization;
        try
        {
            // The whole body is read within the timeout too: a server that stalls mid-answer is a timeout as well.
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token)
                .ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InfluxTimeoutException(
                $"The {operation} request to {_options.BaseAddress} got no answer within {_options.RequestTimeout}.", e);
        }
        catch (HttpRequestException e)
        {
            throw new InfluxConnectionException(
                $"The {operation} request to {_options.BaseAddress} failed: {e.Message}", e);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string operation,
        CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
        var message = $"The {operation} request to {_options.BaseAddress} failed with {status}: {error.Text}";
        throw status switch
        {
            401 or 403 => new InfluxAuthorizationException(status, message, error.Text),
            413 => new InfluxRequestTooLargeException(message, error.Text),
            429 or 503 => new InfluxUnavailableException(status, RetryAfter(response), message, error.Text),
            _ => new InfluxHttpException(status, message, error.Text),
        };
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static async Task<ServerError> ReadErrorAsync(HttpResponseMessage response,
        CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return new ServerError($"(the error body could not be read: {e.Message})", null);
        }
        catch (IOException e)
        {
            return new ServerError($"(the error body could not be read: {e.Message})", null);
        }

        if (text.Length > MaxErrorBodyChars)
        {
            text = text[..MaxErrorBodyChars];
        }

        try
        {
            var json = JsonSerializer.Deserialize(text, InfluxJsonContext.Default.ErrorJson);
            if ((json?.Error ?? json?.Message) is { } message)
            {
                return new ServerError(message, json?.Line);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the raw text below is the best description there is.
        }

        return new ServerError(string.IsNullOrWhiteSpace(text) ? response.ReasonPhrase ?? "no details" : text.Trim(),
            null);
    }

    private static InfluxPartialWriteException PartialWrite(ReadOnlyMemory<byte> body, ServerError error)
    {
        var lines = Encoding.UTF8.GetString(body.Span).Split('\n');
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            index.TryAdd(lines[i], i + 1);
        }

        var failed = new List<FailedLine>();
        foreach (Match match in UnableToParse().Matches(error.Text))
        {
            var line = match.Groups["line"].Value;
            failed.Add(new FailedLine(index.GetValueOrDefault(line), line, match.Groups["reason"].Value));
        }

        if (failed.Count == 0 && error.Line is { } lineNumber and > 0 && lineNumber <= lines.Length)
        {
            failed.Add(new FailedLine(lineNumber, lines[lineNumber - 1], error.Text));
        }

        if (failed.Count == 0)
        {
            failed.Add(new FailedLine(0, null, error.Text));
        }

        var droppedMatch = Dropped().Match(error.Text);
        int? dropped = droppedMatch.Success
            ? int.Parse(droppedMatch.Groups[1].ValueSpan, CultureInfo.InvariantCulture)
            : null;
        var described = string.Join("; ", failed.Select(f =>
            f.LineNumber > 0 ? $"line {f.LineNumber} ({f.Reason})" : f.Reason));
        return new InfluxPartialWriteException(
            $"The server refused {failed.Count} line(s) of the batch: {described}", error.Text, failed, dropped);
    }

    private Uri Uri(string path, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (key, value) in parameters)
        {
            builder.Append(separator).Append(key).Append('=').Append(System.Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(_options.BaseAddress, builder.ToString());
    }

    private static ReadOnlyMemory<byte> Compress(ReadOnlyMemory<byte> body)
    {
        using var compressed = new MemoryStream(body.Length / 4 + 64);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body.Span);
        }

        return compressed.ToArray();
    }

    // 1.x names each refused line: "unable to parse '<line>': <reason>", one per line, then " dropped=N".
    [GeneratedRegex(@"unable to parse '(?<line>[^\n]*?)': (?<reason>[^\n]*?)(?= dropped=\d+\s*$|\n|$)",
        RegexOptions.CultureInvariant)]
    private static partial Regex UnableToParse();

    [GeneratedRegex(@"dropped=(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex Dropped();

    private sealed record ServerError(string Text, int? Line);
}
