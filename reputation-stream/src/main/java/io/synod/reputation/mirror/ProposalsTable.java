package io.synod.reputation.mirror;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.schemas.Decision;
import io.synod.schemas.RoundOpened;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

/**
 * Proposals as opened (from consensus.rounds) and how they stand (from consensus.decisions).
 * Every write is monotonic — the round only grows, a final status is never replaced — so a
 * redelivered or reordered event leaves the row as it was.
 */
final class ProposalsTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPENED = """
            INSERT INTO proposals (tenant, proposal_id, text, text_sha256, options, policy, eligible, current_round, status, opened_at_ms)
            VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, 'open', ?)
            ON CONFLICT (tenant, proposal_id) DO UPDATE
                SET current_round = EXCLUDED.current_round, eligible = EXCLUDED.eligible, updated_at = now()
                WHERE proposals.current_round < EXCLUDED.current_round AND proposals.status = 'open'
            """;
    private static final String DECIDED = """
            UPDATE proposals SET status = ?, decision = ?, current_round = GREATEST(current_round, ?), decided_at_ms = ?, updated_at = now()
            WHERE tenant = ? AND proposal_id = ? AND status IN ('open', 'escalated')
            """;

    /** A decision mirrored before its proposal's round (the mirror reads topics in no fixed order) still ends the row. */
    private static final String CATCH_UP = """
            UPDATE proposals p SET status = d.status, decision = d.decision, decided_at_ms = d.decided_at_ms, updated_at = now()
            FROM decisions d
            WHERE p.tenant = ? AND p.proposal_id = ? AND d.tenant = p.tenant AND d.proposal_id = p.proposal_id
              AND (p.status = 'open' OR (p.status = 'escalated' AND d.status <> 'escalated'))
            """;

    private ProposalsTable() {
    }

    static void opened(Connection connection, List<RoundOpened> rounds) throws SQLException {
        if (rounds.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(OPENED)) {
            for (RoundOpened round : rounds) {
                insert.setString(1, round.getTenant());
                insert.setString(2, round.getProposalId());
                insert.setString(3, round.getText());
                insert.setString(4, sha256(round.getText()));
                insert.setString(5, json(round.getOptions()));
                insert.setString(6, round.getPolicy().toString());
                insert.setInt(7, round.getEligible().size());
                insert.setInt(8, round.getRound());
                insert.setLong(9, round.getOpenedAtMs());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement catchUp = connection.prepareStatement(CATCH_UP)) {
            for (RoundOpened round : rounds) {
                catchUp.setString(1, round.getTenant());
                catchUp.setString(2, round.getProposalId());
                catchUp.addBatch();
            }
            catchUp.executeBatch();
        }
    }

    static void decided(Connection connection, List<Decision> decisions) throws SQLException {
        if (decisions.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(DECIDED)) {
            for (Decision decision : decisions) {
                update.setString(1, decision.getStatus());
                update.setString(2, decision.getDecision());
                update.setInt(3, decision.getRound());
                update.setLong(4, decision.getDecidedAtMs());
                update.setString(5, decision.getTenant());
                update.setString(6, decision.getProposalId());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static String json(Object value) throws SQLException {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot encode " + value + " as JSON", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
