package io.synod.reputation.mirror;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decisions into the decisions table and the audit chain. Both are keyed by the decision's event
 * id, so a redelivered decision changes nothing. Justifications enter the audit log as SHA-256
 * hashes, so a redaction of the text elsewhere keeps the chain verifiable.
 */
final class DecisionsTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSERT = """
            INSERT INTO decisions (event_id, tenant, proposal_id, status, decision, support, round, mode, participants,
                                   distribution, flagged, reason, decided_at_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
            ON CONFLICT (event_id) DO NOTHING
            """;

    private DecisionsTable() {
    }

    static void write(Connection connection, List<Decision> decisions) throws SQLException {
        if (decisions.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Decision d : decisions) {
                insert.setString(1, d.getEventId());
                insert.setString(2, d.getTenant());
                insert.setString(3, d.getProposalId());
                insert.setString(4, d.getStatus());
                insert.setString(5, d.getDecision());
                insert.setDouble(6, d.getSupport());
                insert.setInt(7, d.getRound());
                insert.setString(8, d.getMode());
                insert.setInt(9, d.getParticipants());
                insert.setString(10, json(new TreeMap<>(d.getDistribution())));
                insert.setArray(11, connection.createArrayOf("text", d.getFlagged().toArray()));
                insert.setString(12, d.getReason());
                insert.setLong(13, d.getDecidedAtMs());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        writeBallots(connection, decisions);
        for (Decision d : decisions) {
            AuditChain.append(connection, d.getTenant(), d.getEventId(), "decision", canonical(d));
        }
    }

    private static final String INSERT_BALLOT = """
            INSERT INTO votes (tenant, proposal_id, round, agent_id, choice, confidence, weight, suspicion, justification,
                               justification_sha256, decision_event_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant, proposal_id, round, agent_id) DO NOTHING
            """;

    /** The deciding round's ballots; escalations are followed by a final decision carrying none, so nothing doubles. */
    private static void writeBallots(Connection connection, List<Decision> decisions) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_BALLOT)) {
            for (Decision d : decisions) {
                for (Ballot b : d.getBallots()) {
                    insert.setString(1, d.getTenant());
                    insert.setString(2, d.getProposalId());
                    insert.setInt(3, d.getRound());
                    insert.setString(4, b.getAgentId());
                    insert.setString(5, b.getChoice());
                    insert.setDouble(6, b.getConfidence());
                    insert.setDouble(7, b.getWeight());
                    insert.setDouble(8, b.getSuspicion());
                    insert.setString(9, b.getJustification());
                    insert.setString(10, sha256(b.getJustification()));
                    insert.setString(11, d.getEventId());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** The decision as canonical JSON: fixed field order, sorted maps, justification hashes. */
    static String canonical(Decision d) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", d.getEventId());
        event.put("tenant", d.getTenant());
        event.put("proposal", d.getProposalId());
        event.put("status", d.getStatus());
        event.put("decision", d.getDecision());
        event.put("support", d.getSupport());
        event.put("round", d.getRound());
        event.put("mode", d.getMode());
        event.put("participants", d.getParticipants());
        event.put("distribution", new TreeMap<>(d.getDistribution()));
        event.put("flagged", d.getFlagged());
        List<Map<String, Object>> ballots = new ArrayList<>();
        for (Ballot b : d.getBallots()) {
            Map<String, Object> ballot = new LinkedHashMap<>();
            ballot.put("agent", b.getAgentId());
            ballot.put("choice", b.getChoice());
            ballot.put("confidence", b.getConfidence());
            ballot.put("weight", b.getWeight());
            ballot.put("suspicion", b.getSuspicion());
            ballot.put("justificationSha256", sha256(b.getJustification()));
            ballots.add(ballot);
        }
        event.put("ballots", ballots);
        event.put("reason", d.getReason());
        event.put("decidedAtMs", d.getDecidedAtMs());
        return json(event);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
