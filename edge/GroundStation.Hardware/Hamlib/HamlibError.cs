namespace GroundStation.Hardware.Hamlib;

/// <summary>
/// Hamlib's error codes (rig_errcode_e), as rotctld and rigctld report them in <c>RPRT -n</c>. The GS-232 driver
/// reuses them so that every rotator failure carries one vocabulary.
/// </summary>
public enum HamlibError
{
    /// <summary>RIG_OK: no error.</summary>
    None = 0,

    /// <summary>RIG_EINVAL: invalid parameter, e.g. a position the daemon's model does not accept.</summary>
    InvalidArgument = 1,

    /// <summary>RIG_ECONF: invalid configuration (serial port, model).</summary>
    Configuration = 2,

    /// <summary>RIG_ENOMEM: the daemon ran out of memory.</summary>
    OutOfMemory = 3,

    /// <summary>RIG_ENIMPL: the function is not implemented by the model.</summary>
    NotImplemented = 4,

    /// <summary>RIG_ETIMEOUT: no answer in time (from the daemon or from the device behind it).</summary>
    Timeout = 5,

    /// <summary>RIG_EIO: input/output error, including a lost connection.</summary>
    IOError = 6,

    /// <summary>RIG_EINTERNAL: internal Hamlib error.</summary>
    Internal = 7,

    /// <summary>RIG_EPROTO: protocol error; an answer that could not be understood.</summary>
    Protocol = 8,

    /// <summary>RIG_ERJCTED: the device rejected the command.</summary>
    Rejected = 9,

    /// <summary>RIG_ETRUNC: the argument was truncated.</summary>
    Truncated = 10,

    /// <summary>RIG_ENAVAIL: the function is not available on this device.</summary>
    NotAvailable = 11,

    /// <summary>RIG_ENTARGET: the VFO is not targetable.</summary>
    NotTargetable = 12,

    /// <summary>RIG_BUSERROR: error talking on the bus.</summary>
    BusError = 13,

    /// <summary>RIG_BUSBUSY: collision on the bus.</summary>
    BusBusy = 14,

    /// <summary>RIG_EARG: invalid argument for the function.</summary>
    BadArgument = 15,

    /// <summary>RIG_EVFO: invalid VFO.</summary>
    InvalidVfo = 16,

    /// <summary>RIG_EDOM: argument out of the domain of the function.</summary>
    OutOfDomain = 17,

    /// <summary>RIG_EDEPRECATED: the function is deprecated.</summary>
    Deprecated = 18,

    /// <summary>RIG_ESECURITY: security error (password).</summary>
    Security = 19,

    /// <summary>RIG_EPOWER: the device is not powered on.</summary>
    PowerOff = 20,

    /// <summary>RIG_ELIMIT: a limit was exceeded.</summary>
    LimitExceeded = 21,

    /// <summary>RIG_EACCESS: access denied (e.g. the port is in use).</summary>
    AccessDenied = 22,
}
