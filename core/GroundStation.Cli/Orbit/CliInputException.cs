namespace GroundStation.Cli.Orbit;

/// <summary>
/// Bad input from the operator (option, file, catalog): reported as one line on stderr with exit code
/// <see cref="OrbitCommand.InputErrorExitCode"/>.
/// </summary>
internal sealed class CliInputException : Exception
{
    public CliInputException(string message)
        : base(message)
    {
    }

    public CliInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliInputException()
    {
    }
}
