using System.CommandLine;
using GroundStation.Cli;

// `gsctl`: the operator CLI. Each area contributes one subcommand.
var root = new RootCommand("GroundStation operator CLI.");
root.Subcommands.Add(IamCommands.Create());
return await root.Parse(args).InvokeAsync();
