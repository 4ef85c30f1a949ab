namespace GroundStation.Orbits;

/// <summary>A double-precision 3-vector: positions in km and velocities in km/s in whichever frame the caller names.</summary>
public readonly record struct Vector3D(double X, double Y, double Z)
{
    /// <summary>The zero vector.</summary>
    public static Vector3D Zero => default;

    /// <summary>Euclidean length.</summary>
    public double Magnitude => Math.Sqrt((X * X) + (Y * Y) + (Z * Z));

    /// <summary>Scalar product.</summary>
    public double Dot(Vector3D other) => (X * other.X) + (Y * other.Y) + (Z * other.Z);

    /// <summary>Vector product.</summary>
    public Vector3D Cross(Vector3D other) =>
        new((Y * other.Z) - (Z * other.Y), (Z * other.X) - (X * other.Z), (X * other.Y) - (Y * other.X));

    /// <summary>Component-wise sum.</summary>
    public static Vector3D operator +(Vector3D a, Vector3D b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    /// <summary>Component-wise difference.</summary>
    public static Vector3D operator -(Vector3D a, Vector3D b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    /// <summary>Scaling by a number.</summary>
    public static Vector3D operator *(Vector3D a, double k) => new(a.X * k, a.Y * k, a.Z * k);

    /// <summary>Scaling by a number.</summary>
    public static Vector3D operator *(double k, Vector3D a) => a * k;

    /// <summary>Negation.</summary>
    public static Vector3D operator -(Vector3D a) => new(-a.X, -a.Y, -a.Z);

    /// <summary>Component-wise sum (named alternative to the operator).</summary>
    public static Vector3D Add(Vector3D a, Vector3D b) => a + b;

    /// <summary>Component-wise difference (named alternative to the operator).</summary>
    public static Vector3D Subtract(Vector3D a, Vector3D b) => a - b;

    /// <summary>Scaling (named alternative to the operator).</summary>
    public static Vector3D Multiply(Vector3D a, double k) => a * k;

    /// <summary>Negation (named alternative to the operator).</summary>
    public static Vector3D Negate(Vector3D a) => -a;
}
