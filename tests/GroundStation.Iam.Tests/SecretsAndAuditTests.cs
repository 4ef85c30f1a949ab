using System.Text;
using GroundStation.Iam.Audit;
using GroundStation.Iam.Service;
using GroundStation.Iam.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Iam.Tests;

public class SecretsAndAuditTests
{
    [Fact]
    public async Task Secrets_never_reach_the_store_file_the_logs_or_the_audit_log()
    {
        await using var server = await IamTestServer.StartAsync();
        var secrets = new List<string> { server.AdminKey };
        {
            var admin = server.Client(server.AdminKey);
            var created = await admin.CreateKeyAsync(new CreateKeyRequest("ops", null, ["operator"], "operator", null, null, null), CancellationToken.None);
            secrets.Add(created.Key);
            var rotated = await admin.RotateKeyAsync(created.Record.Id, new RotateKeyRequest(60, null), CancellationToken.None);
            secrets.Add(rotated.Key);
            await admin.VerifyAsync(created.Key, "telemetry:read", "tenant/t1/satellite/1", CancellationToken.None);
            // A careless caller pastes a key where a resource belongs, and another in the query string.
            await admin.VerifyAsync(created.Key, "telemetry:read", "station/" + rotated.Key, CancellationToken.None);
            using var http = server.Http();
            await http.GetAsync($"v1/keys?x={rotated.Key}");
            await admin.RevokeKeyAsync(created.Record.Id, CancellationToken.None);
            await server.App.Services.GetRequiredService<AuditLog>().FlushAsync(CancellationToken.None);
            var audit = await server.Store.ReadAuditAsync(0, 100_000, CancellationToken.None);
            Assert.True(audit.Count >= 6);
            var auditText = string.Join('\n', audit.Select(r => r.Entry.ToString()));
            var logs = server.Logs.All;
            // The database and its write-ahead log together hold everything written so far.
            var files = Directory.GetFiles(server.DataDirectory).Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f)));
            var storeText = string.Concat(files);
            foreach (var secret in secrets)
            {
                var secretPart = secret[10..^6];
                Assert.DoesNotContain(secretPart, storeText, StringComparison.Ordinal);
                Assert.DoesNotContain(secretPart, logs, StringComparison.Ordinal);
                Assert.DoesNotContain(secretPart, auditText, StringComparison.Ordinal);
            }

            Assert.Contains(SecretRedactor.Marker, auditText, StringComparison.Ordinal);
            Assert.True(storeText.Length > 10_000);
        }
    }

    [Fact]
    public async Task Changing_one_audit_record_is_detected_by_the_chain_check()
    {
        await using var server = await IamTestServer.StartAsync();
        var admin = server.Client(server.AdminKey);
        for (var i = 0; i < 3; i++)
        {
            await admin.CreateKeyAsync(new CreateKeyRequest($"bot{i}", null, ["viewer"], null, null, null, null), CancellationToken.None);
        }

        await server.App.Services.GetRequiredService<AuditLog>().FlushAsync(CancellationToken.None);
        var intact = await AuditStoreVerifier.VerifyAsync(server.Store, CancellationToken.None);
        Assert.True(intact.Intact, intact.Problem);
        Assert.Equal(4, intact.Checked); // bootstrap and three creations

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, SqliteIamStore.FileName)}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // The triggers keep honest code from rewriting history; a tamperer with the file drops them first.
            command.CommandText = "UPDATE audit SET reason = 'nothing to see' WHERE seq = 3";
            await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            command.CommandText = "DROP TRIGGER audit_no_update; UPDATE audit SET reason = 'nothing to see' WHERE seq = 3";
            await command.ExecuteNonQueryAsync();
        }

        var broken = await AuditStoreVerifier.VerifyAsync(server.Store, CancellationToken.None);
        Assert.False(broken.Intact);
        Assert.Equal(3, broken.FirstBadSequence);
    }
}
