package io.synod.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.config.SynodConfig;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import io.synod.sdk.ProposalStatus;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A proposal's decision as the PostgreSQL mirror keeps it, for proposals the topics no longer retain. */
final class MirroredDecisions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MirroredDecisions() {
    }

    /** @param withBallots also read the deciding round's ballots from the votes table (a second query) */
    static ProposalStatus status(SynodConfig config, String tenant, String proposal, boolean withBallots) throws SQLException {
        try (Connection connection = AgentsCommand.connect(config, tenant);
             PreparedStatement select = connection.prepareStatement("""
                     SELECT event_id, status, decision, support, round, mode, participants, distribution::text, flagged, reason, decided_at_ms
                     FROM decisions WHERE tenant = ? AND proposal_id = ?
                     ORDER BY (status = 'escalated'), decided_at_ms DESC LIMIT 1
                     """)) {
            select.setString(1, tenant);
            select.setString(2, proposal);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return ProposalStatus.of(tenant, proposal, null, null, null, null);
                }
                Array flagged = row.getArray(9);
                Decision decision = Decision.newBuilder()
                        .setEventId(row.getString(1)).setTenant(tenant).setProposalId(proposal).setStatus(row.getString(2))
                        .setDecision(row.getString(3)).setSupport(row.getDouble(4)).setRound(row.getInt(5)).setMode(row.getString(6))
                        .setParticipants(row.getInt(7)).setDistribution(distribution(row.getString(8)))
                        .setFlagged(flagged == null ? List.of() : List.of((String[]) flagged.getArray()))
                        .setReason(row.getString(10)).setThreshold(0.0).setProposedAtMs(0L).setDecidedAtMs(row.getLong(11)).build();
                if (withBallots) {
                    decision.setBallots(ballots(connection, decision));
                }
                return ProposalStatus.of(tenant, proposal, null, null, null, decision);
            } finally {
                connection.rollback();
            }
        }
    }

    /** The decision's ballots as the votes table keeps them: no accuracy (NaN) and no reasons, which it does not store. */
    private static List<Ballot> ballots(Connection connection, Decision decision) throws SQLException {
        // Found through the votes table's key (tenant, proposal, round), then the decision they were counted in.
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT agent_id, choice, confidence, weight, suspicion, coalesce(justification, '')
                FROM votes WHERE tenant = ? AND proposal_id = ? AND round = ? AND decision_event_id = ? ORDER BY agent_id
                """)) {
            select.setString(1, decision.getTenant());
            select.setString(2, decision.getProposalId());
            select.setInt(3, decision.getRound());
            select.setString(4, decision.getEventId());
            List<Ballot> ballots = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    ballots.add(Ballot.newBuilder().setAgentId(row.getString(1)).setChoice(row.getString(2)).setConfidence(row.getDouble(3))
                            .setWeight(row.getDouble(4)).setSuspicion(row.getDouble(5)).setJustification(row.getString(6)).setCastAtMs(0L)
                            .setAccuracy(Double.NaN).build());
                }
            }
            return ballots;
        }
    }

    private static Map<String, Double> distribution(String json) throws SQLException {
        try {
            Map<String, Double> shares = new TreeMap<>();
            JSON.readTree(json).fields().forEachRemaining(e -> shares.put(e.getKey(), e.getValue().asDouble()));
            return shares;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("unreadable distribution " + json, e);
        }
    }
}
