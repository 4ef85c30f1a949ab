using System.CommandLine;
using GroundStation.Simulators.Radios;
using GroundStation.Simulators.Rotators;

// `gs-sim`: device simulators. Each device contributes one subcommand.
var root = new RootCommand("GroundStation device simulators: rotators, radios, TNCs and satellites.");
root.Subcommands.Add(RotatorCommand.Create());
root.Subcommands.Add(RadioCommand.Create());
root.Subcommands.Add(GroundStation.Simulators.Satellite.SatelliteCommand.Create());
root.Subcommands.Add(GroundStation.Simulators.Tnc.TncCommand.Create());
return await root.Parse(args).InvokeAsync();
