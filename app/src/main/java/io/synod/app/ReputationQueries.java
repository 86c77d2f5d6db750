package io.synod.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Read-only views of reputation as the PostgreSQL mirror holds it: an agent's history, and the review queue. */
final class ReputationQueries {
    private ReputationQueries() {
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Every change of an agent's reputation with its cause (decision, outcome, flag, reset), oldest first.")
    static final class History implements Callable<Integer> {
        @Option(names = "--tenant", required = true) String tenant;
        @Option(names = "--agent", required = true) String agent;
        @Option(names = "--limit", defaultValue = "100", description = "Most recent changes to show (default: ${DEFAULT-VALUE}).") int limit;
        @Mixin ConfigOption configOption;

        @Override
        public Integer call() throws SQLException {
            try (Connection connection = AgentsCommand.connect(configOption.load(), tenant);
                 PreparedStatement select = connection.prepareStatement("""
                         SELECT * FROM (
                             SELECT changed_at_ms, reputation, accuracy, integrity, flagged, cause, cause_ref, flag_reason
                             FROM reputation_history WHERE tenant = ? AND agent_id = ?
                             ORDER BY changed_at_ms DESC, source_offset DESC LIMIT ?) recent
                         ORDER BY changed_at_ms, reputation
                         """)) {
                select.setString(1, tenant);
                select.setString(2, agent);
                select.setInt(3, limit);
                int shown = 0;
                System.out.printf("%-24s %10s %8s %9s %-11s %-10s %s%n", "at", "reputation", "accuracy", "integrity", "quarantined", "cause", "ref");
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        String ref = row.getString(7) == null ? "" : row.getString(7);
                        String reason = row.getString(8) == null ? "" : " (" + row.getString(8) + ")";
                        System.out.printf("%-24s %10.3f %8.3f %9.3f %-11s %-10s %s%s%n", Instant.ofEpochMilli(row.getLong(1)), row.getDouble(2),
                                row.getDouble(3), row.getDouble(4), row.getBoolean(5) ? "yes" : "no", row.getString(6), ref, reason);
                        shown++;
                    }
                }
                if (shown == 0) {
                    System.err.printf("no reputation history for %s/%s%n", tenant, agent);
                    return 1;
                }
            }
            return 0;
        }
    }

    @Command(name = "review", mixinStandardHelpOptions = true,
            header = "List a tenant's quarantined agents, why, and since when.",
            description = {"The review queue: a tenant's quarantined agents, why, and since when. Their votes are excluded until",
                    "an operator lifts the quarantine with `synod reputation reset`."})
    static final class Review implements Callable<Integer> {
        @Option(names = "--tenant", required = true) String tenant;
        @Mixin ConfigOption configOption;

        @Override
        public Integer call() throws SQLException {
            try (Connection connection = AgentsCommand.connect(configOption.load(), tenant);
                 PreparedStatement select = connection.prepareStatement("""
                         SELECT a.agent_id, a.flag_reason, a.byzantine_flags, a.accuracy,
                                (SELECT min(h.changed_at_ms) FROM reputation_history h
                                 WHERE h.tenant = a.tenant AND h.agent_id = a.agent_id AND h.flagged
                                   AND h.changed_at_ms >= COALESCE((SELECT max(u.changed_at_ms) FROM reputation_history u
                                       WHERE u.tenant = a.tenant AND u.agent_id = a.agent_id AND NOT u.flagged), 0))
                         FROM agents a WHERE a.tenant = ? AND a.quarantined ORDER BY a.agent_id
                         """)) {
                select.setString(1, tenant);
                System.out.printf("%-24s %-24s %6s %8s %s%n", "agent", "reason", "flags", "accuracy", "quarantined since");
                int waiting = 0;
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        long since = row.getLong(5);
                        System.out.printf("%-24s %-24s %6d %8.3f %s%n", row.getString(1), row.getString(2) == null ? "-" : row.getString(2),
                                row.getLong(3), row.getDouble(4), row.wasNull() ? "-" : Instant.ofEpochMilli(since).toString());
                        waiting++;
                    }
                }
                System.out.printf("%d agent(s) waiting for review in tenant %s%n", waiting, tenant);
            }
            return 0;
        }
    }
}
