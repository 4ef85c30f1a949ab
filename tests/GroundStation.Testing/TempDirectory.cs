namespace GroundStation.Testing;

/// <summary>A fresh directory under the system's temporary one for a test's files, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the directory, its name starting with <paramref name="prefix"/> (so a leftover names its test).</summary>
    public TempDirectory(string prefix = "gs-test-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> in the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
