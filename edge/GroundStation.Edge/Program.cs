// The agent's commands are added by the edge-agent work; until then gs-edge only states that it is not built yet.
Console.Error.WriteLine("gs-edge: the edge agent is not built yet.");
return 2;
