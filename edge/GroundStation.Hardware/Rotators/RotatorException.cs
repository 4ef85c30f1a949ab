using GroundStation.Hardware.Hamlib;

namespace GroundStation.Hardware.Rotators;

/// <summary>A rotator refused a command, did not answer in time, or could not be reached.</summary>
public sealed class RotatorException : HamlibException
{
    /// <summary>Creates an error with the given code and message.</summary>
    public RotatorException(HamlibError error, string message, Exception? innerException = null)
        : base(error, message, innerException)
    {
    }

    /// <summary>Creates an I/O error with a message.</summary>
    public RotatorException(string message)
        : base(HamlibError.IOError, message)
    {
    }

    /// <summary>Creates an I/O error with a message and a cause.</summary>
    public RotatorException(string message, Exception innerException)
        : base(HamlibError.IOError, message, innerException)
    {
    }

    /// <summary>Creates an I/O error without detail.</summary>
    public RotatorException()
        : base(HamlibError.IOError, "The rotator failed.")
    {
    }
}
