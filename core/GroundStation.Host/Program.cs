using System.CommandLine;
using GroundStation.Host;

// `gs`: the core's host. Each subsystem contributes one subcommand.
var root = new RootCommand("GroundStation core host: MQTT broker, IAM service, and the core.");
root.Subcommands.Add(BrokerCommand.Create());
root.Subcommands.Add(IamCommand.Create());
return await root.Parse(args).InvokeAsync();
