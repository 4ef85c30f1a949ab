using System.CommandLine;
using System.Net;
using GroundStation.Iam.Audit;
using GroundStation.Iam.Keys;
using GroundStation.Iam.Policy;
using GroundStation.Iam.Service;
using GroundStation.Iam.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Host;

/// <summary><c>gs iam</c>: runs the IAM service alone; <c>gs iam bootstrap</c> creates the first admin key.</summary>
internal static class IamCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "Address to listen on, HOST:PORT (e.g. 127.0.0.1:8081).", Required = true };
        var data = new Option<string>("--data") { Description = "Data directory holding iam.db.", Required = true };
        var command = new Command("iam", "Run the IAM service (API keys, policy, audit) on its own.") { listen, data };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!IPEndPoint.TryParse(result.GetValue(listen)!, out var endPoint) || endPoint.Port == 0)
            {
                return Fail($"--listen: '{result.GetValue(listen)}' is not HOST:PORT with an IP address and a non-zero port");
            }

            var store = SqliteIamStore.Open(result.GetValue(data)!);
            await using var app = IamServer.Build(new IamServerSettings { Store = store, Listen = endPoint });
            await app.StartAsync(cancellationToken);
            System.Console.Error.WriteLine($"gs iam: listening on http://{endPoint} (OpenAPI at {IamServer.OpenApiPath}), data in {store.Path}");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });

        command.Subcommands.Add(CreateBootstrap());
        return command;
    }

    private static Command CreateBootstrap()
    {
        var data = new Option<string>("--data") { Description = "Data directory holding iam.db.", Required = true };
        var tenant = new Option<string>("--tenant") { Description = "Tenant of the admin (the network operator).", DefaultValueFactory = _ => "operator" };
        var principal = new Option<string>("--principal") { Description = "Principal id of the admin.", DefaultValueFactory = _ => "admin" };
        var days = new Option<int>("--lifetime-days") { Description = "Days until the key expires.", DefaultValueFactory = _ => 365 };
        var command = new Command("bootstrap", "Create the first admin key of an empty store and print it once.") { data, tenant, principal, days };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!Identifier.IsValid(result.GetValue(tenant)) || !Identifier.IsValid(result.GetValue(principal)))
            {
                return Fail("--tenant and --principal must be 1-64 ASCII letters, digits, '-' or '_'");
            }

            if (result.GetValue(days) is < 1 or > 3650)
            {
                return Fail("--lifetime-days must be between 1 and 3650");
            }

            var store = SqliteIamStore.Open(result.GetValue(data)!);
            var options = new IamServiceOptions();
            var time = TimeProvider.System;
            await using var audit = new AuditLog(store, NullLogger<AuditLog>.Instance);
            var service = new IamService(store, audit, BuiltInRoles.Catalog, time, options, new RevocationNotifier(store, time, options, NullLogger<RevocationNotifier>.Instance));
            var key = await service.BootstrapAsync(new TenantId(result.GetValue(tenant)!), new PrincipalId(result.GetValue(principal)!), TimeSpan.FromDays(result.GetValue(days)), cancellationToken);
            if (key is null)
            {
                return Fail($"the store in {result.GetValue(data)} already holds keys; bootstrap only initialises an empty store");
            }

            System.Console.Error.WriteLine("First admin key (shown once; store it in a secret manager):");
            System.Console.WriteLine(key.Reveal());
            return 0;
        });
        return command;
    }

    private static int Fail(string message)
    {
        System.Console.Error.WriteLine($"gs iam: {message}");
        return 2;
    }
}
