package io.synod.app;

import io.synod.config.SynodConfig;
import io.synod.reputation.mirror.TenantScope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "agents", mixinStandardHelpOptions = true,
        description = {"Manage the agent registry in PostgreSQL.",
                "Table agent_registry; changes reach the stream apps through change data capture within about a second."},
        subcommands = {AgentsCommand.Add.class, AgentsCommand.Deactivate.class, AgentsCommand.ListAgents.class, AgentsCommand.Redact.class})
public final class AgentsCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static Connection connect(SynodConfig config, String tenant) throws SQLException {
        Connection connection = DriverManager.getConnection(config.get("postgres.url"), config.get("postgres.user"), config.getOrBlank("postgres.password"));
        connection.setAutoCommit(false);
        TenantScope.enter(connection, tenant);
        return connection;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register an agent, or update it and make it active again.")
    static final class Add implements Callable<Integer> {
        @Option(names = "--tenant", required = true) String tenant;
        @Option(names = "--agent", required = true) String agent;
        @Option(names = "--kind", defaultValue = "llm", description = "llm, human, oracle or system (default: ${DEFAULT-VALUE}).") String kind;
        @Option(names = "--trusted", description = "Member of the trusted bootstrap set.") boolean trusted;
        @Option(names = "--public-key", description = "Base64 Ed25519 public key; the agent must then sign its votes.") String publicKey;
        @Mixin ConfigOption configOption;

        @Override
        public Integer call() throws SQLException {
            try (Connection connection = connect(configOption.load(), tenant);
                 PreparedStatement upsert = connection.prepareStatement("""
                         INSERT INTO agent_registry (tenant, agent_id, kind, active, trusted, public_key) VALUES (?, ?, ?, true, ?, ?)
                         ON CONFLICT (tenant, agent_id) DO UPDATE SET kind = EXCLUDED.kind, active = true, trusted = EXCLUDED.trusted,
                             public_key = EXCLUDED.public_key, updated_at = now()
                         """)) {
                upsert.setString(1, tenant);
                upsert.setString(2, agent);
                upsert.setString(3, kind);
                upsert.setBoolean(4, trusted);
                upsert.setString(5, publicKey);
                upsert.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                if (e.getMessage() != null && e.getMessage().contains("quota_exceeded")) {
                    // The registry's trigger words the refusal; show it without the driver's noise.
                    String message = e.getMessage();
                    System.err.println(message.substring(message.indexOf("quota_exceeded")).lines().findFirst().orElse(message));
                    return 1;
                }
                throw e;
            }
            System.out.printf("registered %s/%s%n", tenant, agent);
            return 0;
        }
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true, description = "Remove an agent from membership from its next round on.")
    static final class Deactivate implements Callable<Integer> {
        @Option(names = "--tenant", required = true) String tenant;
        @Option(names = "--agent", required = true) String agent;
        @Mixin ConfigOption configOption;

        @Override
        public Integer call() throws SQLException {
            try (Connection connection = connect(configOption.load(), tenant);
                 PreparedStatement update = connection.prepareStatement(
                         "UPDATE agent_registry SET active = false, updated_at = now() WHERE tenant = ? AND agent_id = ?")) {
                update.setString(1, tenant);
                update.setString(2, agent);
                int rows = update.executeUpdate();
                connection.commit();
                if (rows == 0) {
                    System.err.printf("no agent %s/%s in the registry%n", tenant, agent);
                    return 1;
                }
            }
            System.out.printf("deactivated %s/%s%n", tenant, agent);
            return 0;
        }
    }

    @Command(name = "redact", mixinStandardHelpOptions = true,
            header = "Erase an agent's justification texts, keeping their hashes for the audit chain.",
            description = {"Erase an agent's justification texts (a privacy request). Their SHA-256 hashes stay, in the",
                    "votes table and in the audit log, so the audit chain still verifies."})
    static final class Redact implements Callable<Integer> {
        @Option(names = "--tenant", required = true) String tenant;
        @Option(names = "--agent", required = true) String agent;
        @Mixin ConfigOption configOption;

        @Override
        public Integer call() throws SQLException {
            int rows;
            try (Connection connection = connect(configOption.load(), tenant)) {
                rows = io.synod.reputation.mirror.Redaction.redactJustifications(connection, tenant, agent);
                connection.commit();
            }
            System.out.printf("redacted %d justification(s) of %s/%s%n", rows, tenant, agent);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a tenant's agents with their reputation.")
    static final class ListAgents implements Callable<Integer> {
        @Option(names = "--tenant", required = true) String tenant;
        @Mixin ConfigOption configOption;

        @Override
        public Integer call() throws SQLException {
            try (Connection connection = connect(configOption.load(), tenant);
                 PreparedStatement select = connection.prepareStatement("""
                         SELECT r.agent_id, r.kind, r.active, r.trusted, a.reputation, a.byzantine_flags
                         FROM agent_registry r LEFT JOIN agents a ON a.tenant = r.tenant AND a.agent_id = r.agent_id
                         WHERE r.tenant = ? ORDER BY r.agent_id
                         """)) {
                select.setString(1, tenant);
                System.out.printf("%-24s %-7s %-7s %-8s %10s %6s%n", "agent", "kind", "active", "trusted", "reputation", "flags");
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        double reputation = row.getDouble(5);
                        String shown = row.wasNull() ? "-" : String.format("%.3f", reputation);
                        System.out.printf("%-24s %-7s %-7s %-8s %10s %6d%n", row.getString(1), row.getString(2), row.getBoolean(3),
                                row.getBoolean(4), shown, row.getLong(6));
                    }
                }
            }
            return 0;
        }
    }
}
