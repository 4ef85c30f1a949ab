using System.CommandLine;

// `gsctl`: the operator CLI. Each area contributes one subcommand.
var root = new RootCommand("GroundStation operator CLI.");
return await root.Parse(args).InvokeAsync();
