namespace GroundStation.Actors;

/// <summary>
/// Where an actor sits in its system's hierarchy, such as <c>/user/scheduler/contact-42</c>.
/// Paths are unique among living actors; a name is free again once the actor holding it has stopped.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private readonly string _text;

    private ActorPath(ActorPath? parent, string name)
    {
        Parent = parent;
        Name = name;
        _text = parent is null ? "/" + name : parent._text + "/" + name;
    }

    /// <summary>The last element of the path: the actor's name among its siblings.</summary>
    public string Name { get; }

    /// <summary>The parent's path, or null for a root such as <c>/user</c>.</summary>
    public ActorPath? Parent { get; }

    /// <summary>Creates a root path such as <c>/user</c> or <c>/temp</c>.</summary>
    /// <param name="name">The root's name; a valid actor name.</param>
    public static ActorPath Root(string name) => new(null, ValidateName(name));

    /// <summary>The path of a child of this actor called <paramref name="name"/>.</summary>
    /// <param name="name">The child's name; letters, digits and <c>-_.$</c> only.</param>
    public ActorPath Child(string name) => new(this, ValidateName(name));

    /// <summary>Checks that <paramref name="name"/> can be one element of a path and returns it.</summary>
    /// <param name="name">The candidate name.</param>
    /// <exception cref="ArgumentException">The name is empty or holds a character other than letters, digits and <c>-_.$</c>.</exception>
    public static string ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new ArgumentException("An actor name must not be empty.", nameof(name));
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or '$'))
            {
                throw new ArgumentException(
                    $"The actor name '{name}' holds '{c}'; only ASCII letters, digits and '-', '_', '.', '$' are allowed.",
                    nameof(name));
            }
        }

        return name;
    }

    /// <inheritdoc />
    public bool Equals(ActorPath? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    /// <summary>The full path, such as <c>/user/scheduler/contact-42</c>.</summary>
    public override string ToString() => _text;
}
