using System.CommandLine;
using GroundStation.Cli;
using GroundStation.Cli.Orbit;

// `gsctl`: the operator CLI. Each area contributes one subcommand.
var root = new RootCommand("GroundStation operator CLI.");
root.Subcommands.Add(OrbitCommand.Create());
root.Subcommands.Add(IamCommands.Create(TimeProvider.System));
return await root.Parse(args).InvokeAsync();
