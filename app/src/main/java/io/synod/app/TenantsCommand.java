package io.synod.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tenants", mixinStandardHelpOptions = true,
        description = {"Manage tenants and their quotas in PostgreSQL (table tenants).",
                "Quota changes reach the coordinator through change data capture within about a second."},
        subcommands = {TenantsCommand.Set.class, TenantsCommand.Show.class})
public final class TenantsCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Create a tenant or change its quotas; an option left out keeps its current value (0 = unlimited).")
    static final class Set implements Callable<Integer> {
        @Option(names = "--tenant", required = true) String tenant;
        @Option(names = "--name", description = "Display name.") String name;
        @Option(names = "--max-agents", description = "Active agents the tenant may register.") Integer maxAgents;
        @Option(names = "--max-open-proposals", description = "Proposals the tenant may have open or escalated at once.") Integer maxOpenProposals;
        @Mixin ConfigOption configOption;

        @Override
        public Integer call() throws SQLException {
            if ((maxAgents != null && maxAgents < 0) || (maxOpenProposals != null && maxOpenProposals < 0)) {
                System.err.println("quotas must be >= 0 (0 is unlimited)");
                return 2;
            }
            try (Connection connection = AgentsCommand.connect(configOption.load(), tenant);
                 PreparedStatement upsert = connection.prepareStatement("""
                         INSERT INTO tenants (tenant, display_name, max_agents, max_open_proposals) VALUES (?, ?, ?, ?)
                         ON CONFLICT (tenant) DO UPDATE SET
                             display_name = COALESCE(EXCLUDED.display_name, tenants.display_name),
                             max_agents = COALESCE(EXCLUDED.max_agents, tenants.max_agents),
                             max_open_proposals = COALESCE(EXCLUDED.max_open_proposals, tenants.max_open_proposals),
                             updated_at = now()
                         """)) {
                upsert.setString(1, tenant);
                upsert.setString(2, name);
                upsert.setObject(3, maxAgents, java.sql.Types.INTEGER);
                upsert.setObject(4, maxOpenProposals, java.sql.Types.INTEGER);
                upsert.executeUpdate();
                connection.commit();
            }
            System.out.printf("tenant %s saved%n", tenant);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a tenant's quotas and how much of them is in use.")
    static final class Show implements Callable<Integer> {
        @Option(names = "--tenant", required = true) String tenant;
        @Mixin ConfigOption configOption;

        @Override
        public Integer call() throws SQLException {
            try (Connection connection = AgentsCommand.connect(configOption.load(), tenant);
                 PreparedStatement select = connection.prepareStatement("""
                         SELECT t.display_name, t.max_agents, t.max_open_proposals,
                                (SELECT count(*) FROM agent_registry r WHERE r.tenant = t.tenant AND r.active),
                                (SELECT count(*) FROM proposals p WHERE p.tenant = t.tenant AND p.status IN ('open', 'escalated'))
                         FROM tenants t WHERE t.tenant = ?
                         """)) {
                select.setString(1, tenant);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        System.err.printf("no tenant %s (the deployment's default quotas apply)%n", tenant);
                        return 1;
                    }
                    System.out.printf("tenant          %s%n", tenant);
                    System.out.printf("name            %s%n", row.getString(1) == null ? "-" : row.getString(1));
                    System.out.printf("agents          %d active, quota %s%n", row.getLong(4), quota(row, 2));
                    System.out.printf("open proposals  %d (as mirrored), quota %s%n", row.getLong(5), quota(row, 3));
                }
            }
            return 0;
        }

        private static String quota(ResultSet row, int column) throws SQLException {
            int value = row.getInt(column);
            if (row.wasNull()) {
                return "the deployment's default";
            }
            return value == 0 ? "unlimited" : String.valueOf(value);
        }
    }
}
