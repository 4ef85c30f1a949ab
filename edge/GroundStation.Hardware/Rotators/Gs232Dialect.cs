namespace GroundStation.Hardware.Rotators;

/// <summary>The two GS-232 controller dialects; they take the same commands and differ in how they report position.</summary>
public enum Gs232Dialect
{
    /// <summary>GS-232A: <c>C2</c> answers <c>+0aaa+0eee</c>.</summary>
    A,

    /// <summary>GS-232B: <c>C2</c> answers <c>AZ=aaa  EL=eee</c>.</summary>
    B,
}
