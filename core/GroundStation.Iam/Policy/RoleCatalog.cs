namespace GroundStation.Iam.Policy;

/// <summary>Roles by name, compiled once for evaluation.</summary>
public sealed class RoleCatalog
{
    private readonly Dictionary<string, Role> _roles;
    private readonly Dictionary<string, CompiledStatement[]> _compiled;

    /// <summary>Builds a catalog; every statement is parsed now so that a bad pattern fails at start-up.</summary>
    public RoleCatalog(IEnumerable<Role> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        _roles = roles.ToDictionary(r => r.Name, StringComparer.Ordinal);
        _compiled = _roles.ToDictionary(r => r.Key, r => r.Value.Statements.Select(CompiledStatement.Compile).ToArray(), StringComparer.Ordinal);
        foreach (var role in _roles.Values)
        {
            foreach (var included in role.Includes)
            {
                if (!_roles.ContainsKey(included))
                {
                    throw new ArgumentException($"Role '{role.Name}' includes unknown role '{included}'.", nameof(roles));
                }
            }
        }
    }

    /// <summary>Every role name.</summary>
    public IReadOnlyCollection<string> Names => _roles.Keys;

    /// <summary>True when the role exists.</summary>
    public bool Contains(string name) => _roles.ContainsKey(name);

    /// <summary>The statements of the named roles; unknown names contribute nothing (and so grant nothing).</summary>
    public IReadOnlyList<CompiledStatement> StatementsOf(IEnumerable<string> roleNames)
    {
        ArgumentNullException.ThrowIfNull(roleNames);
        var result = new List<CompiledStatement>();
        foreach (var name in roleNames)
        {
            if (_compiled.TryGetValue(name, out var statements))
            {
                result.AddRange(statements);
            }
        }

        return result;
    }

    /// <summary>True when the holder of <paramref name="held"/> may grant <paramref name="requested"/>.</summary>
    public bool Covers(IEnumerable<string> held, string requested)
    {
        ArgumentNullException.ThrowIfNull(held);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(held);
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name) || !_roles.TryGetValue(name, out var role))
            {
                continue;
            }

            if (string.Equals(name, requested, StringComparison.Ordinal))
            {
                return true;
            }

            foreach (var included in role.Includes)
            {
                pending.Push(included);
            }
        }

        return false;
    }
}
