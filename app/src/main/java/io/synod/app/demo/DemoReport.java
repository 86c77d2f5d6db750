package io.synod.app.demo;

import io.synod.config.SynodConfig;
import io.synod.schemas.Decision;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Prints one line per decision as it happens, then a summary including what Postgres holds. */
final class DemoReport {
    private final PrintStream out;
    private final Map<String, SimAgent> agents = new TreeMap<>();
    private final Set<String> seen = new HashSet<>();
    private final List<Double> latencies = new ArrayList<>();
    private final Map<String, Integer> byStatus = new TreeMap<>();
    private int decided;
    private int correct;
    private int withDecision;

    DemoReport(PrintStream out, List<SimAgent> population) {
        this.out = out;
        population.forEach(agent -> agents.put(agent.id(), agent));
    }

    int decided() {
        return decided;
    }

    void printHeader() {
        out.printf("%4s  %-11s %-9s %-9s %7s %5s %10s %7s  %s%n", "#", "proposal", "status", "decision", "support", "round", "latency", "at", "truth");
    }

    void decided(Decision decision, String truth, double latencyMs, double elapsedSeconds) {
        if (!seen.add(decision.getProposalId())) {
            return;
        }
        decided++;
        byStatus.merge(decision.getStatus(), 1, Integer::sum);
        String verdict = "";
        if (decision.getDecision() != null) {
            withDecision++;
            boolean right = decision.getDecision().equals(truth);
            correct += right ? 1 : 0;
            verdict = (right ? "right" : "WRONG") + " (" + truth + ")";
        } else {
            verdict = "no decision (" + truth + ")";
        }
        if (latencyMs >= 0) {
            latencies.add(latencyMs);
        }
        out.printf("%4d  %-11s %-9s %-9s %7.2f %5d %7.0f ms %6.1fs  %s%n", decided, decision.getProposalId(), decision.getStatus(),
                decision.getDecision() == null ? "-" : decision.getDecision(), decision.getSupport(), decision.getRound(),
                latencyMs, elapsedSeconds, verdict);
    }

    void printSummary(SynodConfig config, boolean interrupted) {
        out.println();
        out.printf("Summary%s: %d decisions %s; %d of %d decided right (%.0f%%).%n", interrupted ? " (interrupted)" : "",
                decided, byStatus, correct, withDecision, withDecision == 0 ? 0.0 : 100.0 * correct / withDecision);
        if (!latencies.isEmpty()) {
            List<Double> sorted = latencies.stream().sorted().toList();
            out.printf("Latency from last vote to decision consumed: p50 %.0f ms, p99 %.0f ms, max %.0f ms.%n",
                    percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.get(sorted.size() - 1));
            // Measured: about 1 s for the first decisions, under 150 ms after some 400 votes (docs/benchmarks.md).
            out.println("  (A fresh JVM: the first decisions include the JIT warming up the stream apps; warm figures come from"
                    + " ./synod bench latency.)");
        }
        printReputations(config);
    }

    private void printReputations(SynodConfig config) {
        String sql = "SELECT agent_id, reputation, total_votes, agreements FROM agents WHERE tenant = ? ORDER BY reputation DESC, agent_id";
        // The mirror trails the stream by a commit or two; give it a moment to catch up.
        sleep(1_500);
        try (Connection connection = DriverManager.getConnection(config.get("postgres.url"), config.get("postgres.user"), config.getOrBlank("postgres.password"));
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, DemoCommand.TENANT);
            out.println("Reputation as mirrored in PostgreSQL (table agents):");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    SimAgent agent = agents.get(rows.getString(1));
                    String role = agent == null ? "" : agent.isBad() ? agent.behaviour().name().toLowerCase() : String.format("honest, accuracy %.2f", agent.accuracy());
                    out.printf("  %-10s %.2f  (%d votes, %d with the decision)  %s%n", rows.getString(1), rows.getDouble(2), rows.getLong(3), rows.getLong(4), role);
                }
            }
            io.synod.reputation.mirror.AuditChain.Verification audit = io.synod.reputation.mirror.AuditChain.verify(connection, DemoCommand.TENANT);
            out.printf("Audit log in PostgreSQL: %d decisions, hash chain %s.%n", audit.rows(),
                    audit.intact() ? "intact" : "broken at row " + audit.firstBrokenId());
        } catch (SQLException e) {
            out.println("Could not read reputations from PostgreSQL: " + e.getMessage());
        }
    }

    private static double percentile(List<Double> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
