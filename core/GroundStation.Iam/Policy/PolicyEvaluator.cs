namespace GroundStation.Iam.Policy;

/// <summary>A statement with its patterns split once.</summary>
public sealed class CompiledStatement
{
    private CompiledStatement(Effect effect, string[][] actions, string[][] resources)
    {
        Effect = effect;
        Actions = actions;
        Resources = resources;
    }

    /// <summary>Allow or deny.</summary>
    public Effect Effect { get; }

    internal string[][] Actions { get; }

    internal string[][] Resources { get; }

    /// <summary>Parses a statement's patterns; throws naming the bad one.</summary>
    public static CompiledStatement Compile(Statement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var actions = statement.Actions
            .Select(a => Pattern.ParseAction(a, allowWildcard: true) ?? throw new ArgumentException($"Bad action pattern '{a}'.", nameof(statement)))
            .ToArray();
        var resources = statement.Resources.Select(CompileResource).ToArray();
        return new CompiledStatement(statement.Effect, actions, resources);
    }

    private static string[] CompileResource(string pattern)
    {
        var segments = pattern.Split('/');
        foreach (var segment in segments)
        {
            var ok = segment == Pattern.Wildcard || IsVariable(segment) || Keys.Identifier.IsValid(segment);
            if (!ok)
            {
                throw new ArgumentException($"Bad resource pattern '{pattern}' (segment '{segment}').", nameof(pattern));
            }
        }

        return segments;
    }

    internal static bool IsVariable(string segment) => segment.Length > 3 && segment.StartsWith("${", StringComparison.Ordinal) && segment[^1] == '}';
}

/// <summary>The answer to "may this principal do this action on this resource".</summary>
/// <param name="Allowed">True only when some statement allows and none denies.</param>
/// <param name="Reason">Why, in words fit for the audit log.</param>
/// <param name="Obligations">Duties attached to an allowed action.</param>
public sealed record PolicyDecision(bool Allowed, string Reason, IReadOnlyList<string> Obligations)
{
    /// <summary>A denial.</summary>
    public static PolicyDecision Deny(string reason) => new(false, reason, []);
}

/// <summary>
/// Evaluates statements: an explicit deny wins, no matching allow denies, and a missing or malformed action, resource
/// or principal attribute denies. The result does not depend on statement order.
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>Decides <paramref name="action"/> on <paramref name="resource"/> for a principal with <paramref name="attributes"/>.</summary>
    public static PolicyDecision Evaluate(
        IReadOnlyList<CompiledStatement> statements,
        IReadOnlyDictionary<string, string> attributes,
        string? action,
        string? resource)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(attributes);
        var actionSegments = Pattern.ParseAction(action, allowWildcard: false);
        if (actionSegments is null)
        {
            return PolicyDecision.Deny("missing or malformed action");
        }

        var resourceSegments = Pattern.ParseResource(resource, allowWildcard: true);
        if (resourceSegments is null)
        {
            return PolicyDecision.Deny("missing or malformed resource");
        }

        var allowed = false;
        foreach (var statement in statements)
        {
            if (!statement.Actions.Any(a => Pattern.Matches(a, actionSegments, overlapSuffices: false)))
            {
                continue;
            }

            var deny = statement.Effect == Effect.Deny;
            foreach (var template in statement.Resources)
            {
                var pattern = Resolve(template, attributes);
                if (deny && (pattern is null || Pattern.Matches(pattern, resourceSegments, overlapSuffices: true)))
                {
                    return PolicyDecision.Deny("explicitly denied");
                }

                allowed |= !deny && pattern is not null && Pattern.Matches(pattern, resourceSegments, overlapSuffices: false);
            }
        }

        return allowed ? new PolicyDecision(true, "allowed", Obligations.For(action!)) : PolicyDecision.Deny("no statement allows");
    }

    private static string[]? Resolve(string[] template, IReadOnlyDictionary<string, string> attributes)
    {
        string[]? resolved = null;
        for (var i = 0; i < template.Length; i++)
        {
            if (!CompiledStatement.IsVariable(template[i]))
            {
                continue;
            }

            if (!attributes.TryGetValue(template[i][2..^1], out var value) || !Keys.Identifier.IsValid(value))
            {
                return null;
            }

            resolved ??= (string[])template.Clone();
            resolved[i] = value;
        }

        return resolved ?? template;
    }
}
