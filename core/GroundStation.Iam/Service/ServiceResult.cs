namespace GroundStation.Iam.Service;

/// <summary>How a management request ended, independent of HTTP.</summary>
public enum ServiceOutcome
{
    /// <summary>Done.</summary>
    Ok,

    /// <summary>Done; something new exists.</summary>
    Created,

    /// <summary>The request itself is malformed.</summary>
    BadRequest,

    /// <summary>The caller may not do this.</summary>
    Forbidden,

    /// <summary>No such thing, as far as this caller may know (also for another tenant's key).</summary>
    NotFound,
}

/// <summary>The value of a management request, or why there is none.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Outcome">How it ended.</param>
/// <param name="Value">The value when it succeeded.</param>
/// <param name="Error">What is wrong when it did not.</param>
public sealed record ServiceResult<T>(ServiceOutcome Outcome, T? Value, string? Error);

/// <summary>Makes <see cref="ServiceResult{T}"/> values.</summary>
public static class ServiceResult
{
    /// <summary>A success.</summary>
    public static ServiceResult<T> Success<T>(T value, ServiceOutcome outcome = ServiceOutcome.Ok) => new(outcome, value, null);

    /// <summary>A failure.</summary>
    public static ServiceResult<T> Failure<T>(ServiceOutcome outcome, string error) => new(outcome, default, error);
}
