using GroundStation.Hardware.Hamlib;

namespace GroundStation.Hardware.Radios;

/// <summary>A radio refused a command, did not answer in time, or could not be reached.</summary>
public sealed class RadioException : HamlibException
{
    /// <summary>Creates an error with the given code and message.</summary>
    public RadioException(HamlibError error, string message, Exception? innerException = null)
        : base(error, message, innerException)
    {
    }

    /// <summary>Creates an I/O error with a message.</summary>
    public RadioException(string message)
        : base(HamlibError.IOError, message)
    {
    }

    /// <summary>Creates an I/O error with a message and a cause.</summary>
    public RadioException(string message, Exception innerException)
        : base(HamlibError.IOError, message, innerException)
    {
    }

    /// <summary>Creates an I/O error without detail.</summary>
    public RadioException()
        : base(HamlibError.IOError, "The radio failed.")
    {
    }
}
