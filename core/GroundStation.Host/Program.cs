using System.CommandLine;
using GroundStation.Host;

// `gs`: the core's host. Each subsystem contributes one subcommand.
var root = new RootCommand("GroundStation core host: the core service, the demo, the MQTT broker and the IAM service.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(BrokerCommand.Create());
root.Subcommands.Add(IamCommand.Create());
return await root.Parse(args).InvokeAsync();
