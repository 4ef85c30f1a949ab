namespace GroundStation.Hardware.Hamlib;

/// <summary>A Hamlib daemon or a device reported an error, or could not be reached.</summary>
public class HamlibException : Exception
{
    /// <summary>Creates an error with the given code and message.</summary>
    public HamlibException(HamlibError error, string message, Exception? innerException = null)
        : base(message, innerException) => Error = error;

    /// <summary>Creates an I/O error with a message.</summary>
    public HamlibException(string message)
        : this(HamlibError.IOError, message)
    {
    }

    /// <summary>Creates an I/O error with a message and a cause.</summary>
    public HamlibException(string message, Exception innerException)
        : this(HamlibError.IOError, message, innerException)
    {
    }

    /// <summary>Creates an I/O error without detail.</summary>
    public HamlibException()
        : this(HamlibError.IOError, "The Hamlib device failed.")
    {
    }

    /// <summary>What went wrong, in Hamlib's terms.</summary>
    public HamlibError Error { get; }
}
