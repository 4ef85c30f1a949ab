namespace GroundStation.Telemetry.Influx;

/// <summary>
/// The base of every error this library raises. Apart from <see cref="OperationCanceledException"/> when the
/// caller's own token is cancelled, and argument errors for null or invalid arguments, nothing else escapes it.
/// </summary>
public class InfluxException : Exception
{
    /// <summary>Creates the error.</summary>
    public InfluxException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>True when the same request may succeed later (server down, overloaded, timed out).</summary>
    public virtual bool IsTransient => false;
}

/// <summary>A point that line protocol cannot carry (empty measurement, no fields, NaN, a line break in a key, ...).</summary>
public sealed class LineProtocolException(string message) : InfluxException(message);

/// <summary>The server could not be reached, or the connection broke.</summary>
public sealed class InfluxConnectionException(string message, Exception? innerException = null)
    : InfluxException(message, innerException)
{
    /// <inheritdoc />
    public override bool IsTransient => true;
}

/// <summary>The server did not answer within the configured request timeout.</summary>
public sealed class InfluxTimeoutException(string message, Exception? innerException = null)
    : InfluxException(message, innerException)
{
    /// <inheritdoc />
    public override bool IsTransient => true;
}

/// <summary>An HTTP status the server returned that the request could not go past.</summary>
public class InfluxHttpException(int statusCode, string message, string? serverError)
    : InfluxException(message)
{
    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>The "error" text of the server's JSON body, when it sent one.</summary>
    public string? ServerError { get; } = serverError;

    /// <inheritdoc />
    public override bool IsTransient => StatusCode >= 500;
}

/// <summary>401 or 403: the credentials were missing, wrong, or not allowed to do this.</summary>
public sealed class InfluxAuthorizationException(int statusCode, string message, string? serverError)
    : InfluxHttpException(statusCode, message, serverError);

/// <summary>404 on a write: the database (or retention policy) does not exist.</summary>
public sealed class InfluxDatabaseNotFoundException(string database, string message, string? serverError)
    : InfluxHttpException(404, message, serverError)
{
    /// <summary>The database the request named.</summary>
    public string Database { get; } = database;
}

/// <summary>413: the request body is larger than the server's max-body-size; send smaller batches.</summary>
public sealed class InfluxRequestTooLargeException(string message, string? serverError)
    : InfluxHttpException(413, message, serverError);

/// <summary>429 or 503: the server asks the client to come back later, after <see cref="RetryAfter"/> when it said.</summary>
public sealed class InfluxUnavailableException(int statusCode, TimeSpan? retryAfter, string message, string? serverError)
    : InfluxHttpException(statusCode, message, serverError)
{
    /// <summary>How long the server asked the client to wait, from the Retry-After header.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <inheritdoc />
    public override bool IsTransient => true;
}

/// <summary>One line of a batch that the server refused to parse or store.</summary>
/// <param name="LineNumber">1-based line number within the batch; 0 when the server's message did not identify it.</param>
/// <param name="Line">The line as sent, when identified.</param>
/// <param name="Reason">The server's reason.</param>
public sealed record FailedLine(int LineNumber, string? Line, string Reason);

/// <summary>
/// 400 on a write: the server stored the lines it could and refused the others (a "partial write" in 1.x, a line
/// protocol error in 2.x/3.x). The refused lines are never going to be accepted as they are.
/// </summary>
public sealed class InfluxPartialWriteException(
    string message, string? serverError, IReadOnlyList<FailedLine> failedLines, int? dropped)
    : InfluxHttpException(400, message, serverError)
{
    /// <summary>The lines the server named as failed, with the reason for each.</summary>
    public IReadOnlyList<FailedLine> FailedLines { get; } = failedLines;

    /// <summary>The count the server gave as "dropped=N" (points outside the retention policy), when it did.</summary>
    public int? Dropped { get; } = dropped;
}

/// <summary>A query the server ran but answered with an error (a syntax error, an unknown database, ...).</summary>
public sealed class InfluxQueryException(string query, string message, string? serverError)
    : InfluxException(message)
{
    /// <summary>The query text.</summary>
    public string Query { get; } = query;

    /// <summary>The server's error text.</summary>
    public string? ServerError { get; } = serverError;
}
