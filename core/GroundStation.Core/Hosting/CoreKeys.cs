using System.Runtime.InteropServices;
using GroundStation.Iam.Audit;
using GroundStation.Iam.Keys;
using GroundStation.Iam.Policy;
using GroundStation.Iam.Service;
using GroundStation.Iam.Storage;
using Microsoft.Extensions.Logging;

namespace GroundStation.Core.Hosting;

/// <summary>The core's own API key (and, on the very first start, the first admin key).</summary>
/// <param name="CoreKey">The core's automation key: it asks IAM about callers and connects to the broker.</param>
/// <param name="BootstrapAdminKey">The first admin key when this start created it (shown once), else null.</param>
public sealed record CoreKeys(string CoreKey, string? BootstrapAdminKey)
{
    /// <summary>The file holding the core's key inside the data directory (owner-only permissions).</summary>
    public const string CoreKeyFile = "core.key";

    /// <summary>The tenant of the network operator, which the bootstrap admin belongs to.</summary>
    public const string OperatorTenant = "operator";

    /// <summary>
    /// Reads the core's key from <paramref name="dataDirectory"/>; on an empty IAM store creates the first admin key
    /// and, with it, the core's key (role operator: it reads every station's topics and publishes plans and commands).
    /// </summary>
    public static async Task<CoreKeys> EnsureAsync(string dataDirectory, IIamStore store, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(loggers);
        var path = Path.Combine(dataDirectory, CoreKeyFile);
        if (File.Exists(path))
        {
            var stored = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
            if (!ApiKey.TryParse(stored, out _))
            {
                throw new InvalidDataException($"{path} does not hold a valid API key; restore it from a backup or delete the data directory.");
            }

            return new CoreKeys(stored, null);
        }

        var options = new IamServiceOptions();
        await using var audit = new AuditLog(store, loggers.CreateLogger<AuditLog>());
        var service = new IamService(store, audit, BuiltInRoles.Catalog, time, options,
            new RevocationNotifier(store, time, options, loggers.CreateLogger<RevocationNotifier>()));
        var admin = await service.BootstrapAsync(new TenantId(OperatorTenant), new PrincipalId("admin"), TimeSpan.FromDays(365), cancellationToken)
                    ?? throw new InvalidOperationException(
                        $"The IAM store in {dataDirectory} holds keys but {path} is missing: the core cannot identify itself. Restore {CoreKeyFile} from a backup.");
        var caller = await service.AuthenticateAsync(admin.Reveal(), "bootstrap", cancellationToken)
                     ?? throw new InvalidOperationException("The bootstrap admin key was not accepted by IAM.");
        var created = await service.CreateKeyAsync(caller,
            new CreateKeyRequest("core", null, [BuiltInRoles.Operator], KeyKinds.Name(ApiKeyKind.Automation), null, null, caller.ExpiresAt),
            "bootstrap", cancellationToken);
        if (created.Value is not { } core)
        {
            throw new InvalidOperationException($"IAM refused the core's key: {created.Error}");
        }

        await File.WriteAllTextAsync(path, core.Key + Environment.NewLine, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await audit.FlushAsync(cancellationToken);
        return new CoreKeys(core.Key, admin.Reveal());
    }
}
