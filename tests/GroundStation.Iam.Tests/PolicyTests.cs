using GroundStation.Iam.Policy;

namespace GroundStation.Iam.Tests;

public class PolicyTests
{
    private static readonly Dictionary<string, string> Tenant1 = new() { ["tenant"] = "t1", ["principal"] = "p" };

    private static PolicyDecision Decide(string role, string action, string resource, IReadOnlyDictionary<string, string>? attributes = null) =>
        PolicyEvaluator.Evaluate(BuiltInRoles.Catalog.StatementsOf([role]), attributes ?? Tenant1, action, resource);

    [Theory]
    [InlineData("tenant/t1/satellite/25544", true)]
    [InlineData("tenant/t1/satellite/25544/extra", false)]
    [InlineData("tenant/t1/satellite/25544/..", false)]
    [InlineData("tenant/t1/satellite/../../t2/satellite/1", false)]
    [InlineData("tenant/t1/satellite", false)]
    [InlineData("tenant/t1/satellite/", false)]
    [InlineData("tenant/t1//satellite/1", false)]
    [InlineData("Tenant/t1/satellite/25544", false)]
    [InlineData("tenant/T1/satellite/25544", false)]
    [InlineData("tenant/t1/SATELLITE/25544", false)]
    [InlineData("tenant/t1/satellite/25544%2F1", false)]
    [InlineData("tenant/t1/satellite/1/2", false)]
    public void Wildcards_match_one_whole_segment_case_sensitively(string resource, bool allowed) =>
        Assert.Equal(allowed, Decide(BuiltInRoles.Viewer, IamActions.TelemetryRead, resource).Allowed);

    [Fact]
    public void Action_wildcards_do_not_cross_the_colon() =>
        Assert.False(PolicyEvaluator.Evaluate(
            [CompiledStatement.Compile(new Statement(Effect.Allow, ["telemetry:*"], ["station/*"]))], Tenant1, "telemetry:read:extra", "station/s1").Allowed);

    [Fact]
    public void Missing_action_resource_or_attribute_fails_closed()
    {
        Assert.False(Decide(BuiltInRoles.Admin, "", "tenant/t1").Allowed);
        Assert.False(Decide(BuiltInRoles.Admin, IamActions.KeyCreate, "").Allowed);
        Assert.False(PolicyEvaluator.Evaluate(BuiltInRoles.Catalog.StatementsOf([BuiltInRoles.Admin]), Tenant1, null, null).Allowed);
        // An edge agent without its station attribute is allowed nothing, not everything.
        Assert.False(Decide(BuiltInRoles.EdgeAgent, IamActions.StationEdge, "station/s1").Allowed);
        Assert.True(Decide(BuiltInRoles.EdgeAgent, IamActions.StationEdge, "station/s1", new Dictionary<string, string> { ["tenant"] = "t1", ["station"] = "s1" }).Allowed);
        // A deny whose attribute is missing denies.
        var statements = new[]
        {
            CompiledStatement.Compile(new Statement(Effect.Allow, ["pass:read"], ["station/*"])),
            CompiledStatement.Compile(new Statement(Effect.Deny, ["pass:read"], ["station/${station}"])),
        };
        Assert.False(PolicyEvaluator.Evaluate(statements, Tenant1, "pass:read", "station/s9").Allowed);
    }

    [Fact]
    public void Explicit_deny_beats_allow_and_no_allow_denies()
    {
        var allow = CompiledStatement.Compile(new Statement(Effect.Allow, ["*:*"], ["station/*"]));
        var deny = CompiledStatement.Compile(new Statement(Effect.Deny, ["station:control"], ["station/s2"]));
        Assert.True(PolicyEvaluator.Evaluate([allow, deny], Tenant1, "station:control", "station/s1").Allowed);
        Assert.False(PolicyEvaluator.Evaluate([allow, deny], Tenant1, "station:control", "station/s2").Allowed);
        Assert.False(PolicyEvaluator.Evaluate([deny], Tenant1, "station:control", "station/s1").Allowed);
        Assert.False(PolicyEvaluator.Evaluate([], Tenant1, "station:control", "station/s1").Allowed);
    }

    [Fact]
    public void A_request_for_every_station_is_allowed_only_by_a_wildcard_and_denied_by_any_overlap()
    {
        var own = CompiledStatement.Compile(new Statement(Effect.Allow, ["telemetry:read"], ["station/s1"]));
        var all = CompiledStatement.Compile(new Statement(Effect.Allow, ["telemetry:read"], ["station/*"]));
        var denyOne = CompiledStatement.Compile(new Statement(Effect.Deny, ["telemetry:read"], ["station/s2"]));
        Assert.False(PolicyEvaluator.Evaluate([own], Tenant1, "telemetry:read", "station/*").Allowed);
        Assert.True(PolicyEvaluator.Evaluate([all], Tenant1, "telemetry:read", "station/*").Allowed);
        Assert.False(PolicyEvaluator.Evaluate([all, denyOne], Tenant1, "telemetry:read", "station/*").Allowed);
    }

    [Fact]
    public void The_decision_does_not_depend_on_statement_order()
    {
        var random = new Random(20261122);
        string[] actions = ["telemetry:read", "pass:*", "command:send", "*:*", "station:control"];
        string[] resources = ["station/*", "station/s1", "tenant/${tenant}/satellite/*", "tenant/t1/satellite/25544", "station/${station}", "tenant/*/satellite/1"];
        string[] requestActions = ["telemetry:read", "pass:schedule", "command:send", "station:control"];
        string[] requestResources = ["station/s1", "station/s2", "tenant/t1/satellite/25544", "tenant/t1/satellite/1", "station/*"];
        for (var trial = 0; trial < 300; trial++)
        {
            var statements = Enumerable.Range(0, random.Next(1, 8)).Select(_ => CompiledStatement.Compile(new Statement(
                random.Next(3) == 0 ? Effect.Deny : Effect.Allow,
                [actions[random.Next(actions.Length)]],
                [resources[random.Next(resources.Length)]]))).ToList();
            var attributes = random.Next(2) == 0 ? Tenant1 : new Dictionary<string, string> { ["tenant"] = "t1", ["station"] = "s1" };
            var action = requestActions[random.Next(requestActions.Length)];
            var resource = requestResources[random.Next(requestResources.Length)];
            var expected = PolicyEvaluator.Evaluate(statements, attributes, action, resource);
            for (var shuffle = 0; shuffle < 10; shuffle++)
            {
                var shuffled = statements.OrderBy(_ => random.Next()).ToList();
                var actual = PolicyEvaluator.Evaluate(shuffled, attributes, action, resource);
                Assert.Equal(expected.Allowed, actual.Allowed);
                Assert.Equal(expected.Reason, actual.Reason);
            }
        }
    }

    [Fact]
    public void Built_in_roles_grant_what_they_say_and_carry_the_two_person_obligation()
    {
        Assert.True(Decide(BuiltInRoles.Operator, IamActions.PassSchedule, "tenant/t1/satellite/25544").Allowed);
        Assert.False(Decide(BuiltInRoles.Operator, IamActions.PassSchedule, "tenant/t2/satellite/25544").Allowed);
        Assert.False(Decide(BuiltInRoles.Viewer, IamActions.CommandSend, "tenant/t1/satellite/25544").Allowed);
        Assert.False(Decide(BuiltInRoles.Operator, IamActions.KeyCreate, "tenant/t1").Allowed);
        Assert.True(Decide(BuiltInRoles.Admin, IamActions.KeyCreate, "tenant/t1").Allowed);
        var critical = Decide(BuiltInRoles.Operator, IamActions.CommandSendCritical, "tenant/t1/satellite/25544");
        Assert.True(critical.Allowed);
        Assert.Equal([Obligations.TwoPersonApproval], critical.Obligations);
        Assert.True(BuiltInRoles.Catalog.Covers([BuiltInRoles.Admin], BuiltInRoles.Viewer));
        Assert.False(BuiltInRoles.Catalog.Covers([BuiltInRoles.Operator], BuiltInRoles.Admin));
    }
}
