using GroundStation.Iam.Service;

namespace GroundStation.Iam.Client;

/// <summary>Answers "may this key do this action on this resource" (action and resource null: "is this key valid").</summary>
public interface IKeyVerifier
{
    /// <summary>Verifies <paramref name="key"/>; never throws for a bad key, only for an unreachable service.</summary>
    ValueTask<VerifyResponse> VerifyAsync(string key, string? action, string? resource, CancellationToken cancellationToken);
}
