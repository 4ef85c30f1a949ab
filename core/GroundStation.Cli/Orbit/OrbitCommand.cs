using System.CommandLine;
using System.CommandLine.Invocation;

namespace GroundStation.Cli.Orbit;

/// <summary>
/// <c>gsctl orbit</c>: propagation and pass prediction from a TLE catalog (contract in docs/ORBITS.md).
/// </summary>
public static class OrbitCommand
{
    /// <summary>Exit code for bad input of any kind: options, files, catalogs.</summary>
    public const int InputErrorExitCode = 2;

    /// <summary>Builds the <c>orbit</c> command and its subcommands.</summary>
    public static Command Create()
    {
        var orbit = new Command("orbit", "Propagate TLE catalogs and predict passes over a station.");
        orbit.Subcommands.Add(PropagateCommand.Create());
        orbit.Subcommands.Add(PassesCommand.Create());
        SetInputCheckedAction(orbit, (_, _, _, _) =>
            throw new CliInputException("name a subcommand: propagate or passes (see --help)."));
        return orbit;
    }

    /// <summary>
    /// Attaches <paramref name="run"/> as the action of <paramref name="command"/> so that parse errors (unknown
    /// options, values of the wrong type) reach it instead of System.CommandLine's multi-line report, and every
    /// input problem ends the same way: one line on stderr and exit code 2.
    /// </summary>
    internal static void SetInputCheckedAction(Command command, Func<ParseResult, TextWriter, TextWriter, CancellationToken, Task> run)
    {
        command.Action = new InputCheckedAction(command, run);
    }

    private sealed class InputCheckedAction(
        Command command,
        Func<ParseResult, TextWriter, TextWriter, CancellationToken, Task> run) : AsynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                if (parseResult.UnmatchedTokens.Count > 0)
                {
                    var token = parseResult.UnmatchedTokens[0];
                    throw new CliInputException(token.StartsWith('-')
                        ? $"unknown option '{token}' (see --help)."
                        : $"unexpected argument '{token}' (see --help).");
                }

                if (parseResult.Errors.Count > 0)
                {
                    throw new CliInputException(OneLine(parseResult.Errors[0].Message));
                }

                await run(parseResult, output, error, cancellationToken);
                return 0;
            }
            catch (CliInputException problem)
            {
                var prefix = command.Name == "orbit" ? "gsctl orbit" : $"gsctl orbit {command.Name}";
                await error.WriteLineAsync($"{prefix}: error: {OneLine(problem.Message)}");
                return InputErrorExitCode;
            }
        }

        private static string OneLine(string message) =>
            string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
