using System.Text.Json;

namespace GroundStation.Telemetry.Influx.Http;

/// <summary>One series of a query result: its name, tags (for GROUP BY), column names and rows.</summary>
/// <param name="Name">The measurement name.</param>
/// <param name="Tags">The series' tags when the query grouped by tags; empty otherwise.</param>
/// <param name="Columns">Column names; the first is "time".</param>
/// <param name="Values">Rows, each with one JSON value per column (number, string, boolean or null).</param>
public sealed record InfluxSeries(
    string Name,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<JsonElement>> Values)
{
    /// <summary>The index of <paramref name="column"/>, or -1 when the series has no such column.</summary>
    public int ColumnIndex(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == column)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>The result of one statement of a query.</summary>
/// <param name="StatementId">The statement's position in the query, from 0.</param>
/// <param name="Series">The series it returned; empty when nothing matched.</param>
public sealed record InfluxStatementResult(int StatementId, IReadOnlyList<InfluxSeries> Series);
