namespace GroundStation.Iam.Policy;

/// <summary>Whether a statement grants or forbids.</summary>
public enum Effect
{
    /// <summary>Grants, unless something denies.</summary>
    Allow,

    /// <summary>Forbids, whatever else allows.</summary>
    Deny,
}

/// <summary>
/// One rule of a role. Resource patterns may name principal attributes as whole segments, e.g.
/// <c>tenant/${tenant}/satellite/*</c> or <c>station/${station}</c>; a principal without that attribute is never
/// allowed by the pattern and always denied by it.
/// </summary>
/// <param name="Effect">Allow or deny.</param>
/// <param name="Actions">Action patterns, e.g. <c>pass:*</c>.</param>
/// <param name="Resources">Resource patterns.</param>
public sealed record Statement(Effect Effect, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources);

/// <summary>A named set of statements.</summary>
/// <param name="Name">The role's name, e.g. <c>operator</c>.</param>
/// <param name="Statements">Its rules.</param>
/// <param name="Includes">Roles whose rights this one contains, for the rule that nobody grants more than they hold.</param>
public sealed record Role(string Name, IReadOnlyList<Statement> Statements, IReadOnlyList<string> Includes);

/// <summary>The attributes of the principal a decision is about, substituted into statement templates.</summary>
public static class PrincipalAttributes
{
    /// <summary>The principal's tenant.</summary>
    public const string Tenant = "tenant";

    /// <summary>The station of an edge agent.</summary>
    public const string Station = "station";

    /// <summary>The principal's id.</summary>
    public const string Principal = "principal";
}
