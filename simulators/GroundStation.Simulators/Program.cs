using System.CommandLine;

// `gs-sim`: device simulators. Each device contributes one subcommand.
var root = new RootCommand("GroundStation device simulators: rotators, radios, TNCs and satellites.");
return await root.Parse(args).InvokeAsync();
