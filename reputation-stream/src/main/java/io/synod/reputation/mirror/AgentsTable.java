package io.synod.reputation.mirror;

import io.synod.keys.Keys;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Reputation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Idempotent batched upserts into the agents table. A row is only overwritten by an event from a
 * later offset, so redelivery after a crash leaves exactly the same row.
 */
final class AgentsTable {
    record Versioned<T>(T value, int partition, long offset) {
    }

    private static final String INSERT_HISTORY = """
            INSERT INTO reputation_history (tenant, agent_id, source_partition, source_offset, reputation, accuracy, integrity,
                                            flagged, cause, cause_ref, changed_at_ms, flag_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (source_partition, source_offset) DO NOTHING
            """;

    private static final String UPSERT_REPUTATION = """
            INSERT INTO agents (tenant, agent_id, reputation, accuracy, integrity, total_votes, agreements,
                                byzantine_flags, reputation_cause, reputation_offset, quarantined, flag_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant, agent_id) DO UPDATE SET
                reputation = EXCLUDED.reputation, accuracy = EXCLUDED.accuracy, integrity = EXCLUDED.integrity,
                total_votes = EXCLUDED.total_votes, agreements = EXCLUDED.agreements,
                byzantine_flags = EXCLUDED.byzantine_flags, reputation_cause = EXCLUDED.reputation_cause,
                reputation_offset = EXCLUDED.reputation_offset, quarantined = EXCLUDED.quarantined,
                flag_reason = EXCLUDED.flag_reason, updated_at = now()
            WHERE agents.reputation_offset < EXCLUDED.reputation_offset
            """;

    private static final String UPSERT_REGISTRATION = """
            INSERT INTO agents (tenant, agent_id, kind, active, trusted, registry_offset)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant, agent_id) DO UPDATE SET
                kind = EXCLUDED.kind, active = EXCLUDED.active, trusted = EXCLUDED.trusted,
                registry_offset = EXCLUDED.registry_offset, updated_at = now()
            WHERE agents.registry_offset < EXCLUDED.registry_offset
            """;

    private AgentsTable() {
    }

    /**
     * Every change goes to the history; the agents row only takes each agent's latest change in the batch. The row
     * ends the same (an earlier change would be overwritten by the later one within the same transaction), and an
     * agent that votes on every proposal has its row rewritten once a batch instead of once a vote.
     */
    static void upsertReputations(Connection connection, List<Versioned<Reputation>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        appendHistory(connection, rows);
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_REPUTATION)) {
            for (Versioned<Reputation> row : latestPerAgent(rows)) {
                Reputation r = row.value();
                statement.setString(1, r.getTenant());
                statement.setString(2, r.getAgentId());
                statement.setDouble(3, r.getReputation());
                statement.setDouble(4, r.getAccuracy());
                statement.setDouble(5, r.getIntegrity());
                statement.setLong(6, r.getVotes());
                statement.setLong(7, r.getAgreements());
                statement.setLong(8, r.getFlags());
                statement.setString(9, r.getCause());
                statement.setLong(10, row.offset());
                statement.setBoolean(11, r.getFlagged());
                statement.setString(12, r.getFlagReason());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Every change with its cause, keyed by its position in agent.reputation so redelivery adds nothing. */
    private static void appendHistory(Connection connection, List<Versioned<Reputation>> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_HISTORY)) {
            for (Versioned<Reputation> row : rows) {
                Reputation r = row.value();
                statement.setString(1, r.getTenant());
                statement.setString(2, r.getAgentId());
                statement.setInt(3, row.partition());
                statement.setLong(4, row.offset());
                statement.setDouble(5, r.getReputation());
                statement.setDouble(6, r.getAccuracy());
                statement.setDouble(7, r.getIntegrity());
                statement.setBoolean(8, r.getFlagged());
                statement.setString(9, r.getCause());
                statement.setString(10, r.getCauseRef());
                statement.setLong(11, r.getUpdatedAtMs());
                statement.setString(12, r.getFlagReason());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Each agent's change with the highest offset (an agent's changes share one partition), in the order first seen. */
    static List<Versioned<Reputation>> latestPerAgent(List<Versioned<Reputation>> rows) {
        Map<String, Versioned<Reputation>> latest = new LinkedHashMap<>();
        for (Versioned<Reputation> row : rows) {
            latest.merge(Keys.of(row.value().getTenant(), row.value().getAgentId()), row,
                    (kept, next) -> next.offset() > kept.offset() ? next : kept);
        }
        return List.copyOf(latest.values());
    }

    static void upsertRegistrations(Connection connection, List<Versioned<AgentRegistration>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_REGISTRATION)) {
            for (Versioned<AgentRegistration> row : rows) {
                AgentRegistration a = row.value();
                statement.setString(1, a.getTenant());
                statement.setString(2, a.getAgentId());
                statement.setString(3, a.getKind());
                statement.setBoolean(4, a.getActive());
                statement.setBoolean(5, a.getTrusted());
                statement.setLong(6, row.offset());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
