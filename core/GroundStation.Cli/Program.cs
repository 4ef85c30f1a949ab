using System.CommandLine;

// `gsctl`: the operator CLI. Each area contributes one subcommand.
var root = new RootCommand("GroundStation operator CLI.");
root.Subcommands.Add(GroundStation.Cli.Orbit.OrbitCommand.Create());
return await root.Parse(args).InvokeAsync();
