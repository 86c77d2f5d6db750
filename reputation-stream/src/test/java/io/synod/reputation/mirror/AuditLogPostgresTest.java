package io.synod.reputation.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit log on a real (embedded) PostgreSQL with the production migrations. */
class AuditLogPostgresTest {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = MigratedPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static Connection connect() throws SQLException {
        Connection connection = postgres.getPostgresDatabase().getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    private static Decision decision(String tenant, String proposal, String winner) {
        return Decision.newBuilder().setEventId(tenant + "/" + proposal + "/achieved").setTenant(tenant).setProposalId(proposal)
                .setStatus("achieved").setDecision(winner).setSupport(0.8).setRound(1).setMode("weighted").setParticipants(3)
                .setDistribution(Map.of("approve", 0.8, "reject", 0.2)).setFlagged(List.of("x"))
                .setBallots(List.of(Ballot.newBuilder().setAgentId("a").setChoice(winner).setConfidence(1).setWeight(1)
                        .setCastAtMs(1L).setJustification("because; DROP TABLE audit_log; --").build()))
                .setThreshold(0.67).setProposedAtMs(0L).setDecidedAtMs(5L).build();
    }

    private static void write(Decision... decisions) throws SQLException {
        try (Connection connection = connect()) {
            DecisionsTable.write(connection, List.of(decisions));
            connection.commit();
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void shouldChainEachTenantsDecisionsAndVerifyTheChain() throws Exception {
        write(decision("chain-a", "p1", "approve"), decision("chain-b", "p1", "reject"), decision("chain-a", "p2", "reject"));
        write(decision("chain-a", "p3", "approve"));

        try (Connection connection = connect()) {
            AuditChain.Verification a = AuditChain.verify(connection, "chain-a");
            AuditChain.Verification b = AuditChain.verify(connection, "chain-b");
            assertThat(a.intact()).isTrue();
            assertThat(a.rows()).isEqualTo(3);
            assertThat(b.rows()).isEqualTo(1);
        }
    }

    @Test
    void shouldKeepExactlyOneRowForARedeliveredDecision() throws Exception {
        write(decision("redelivery", "p1", "approve"));
        write(decision("redelivery", "p1", "approve"), decision("redelivery", "p1", "approve"));

        assertThat(count("SELECT count(*) FROM decisions WHERE tenant = 'redelivery'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE tenant = 'redelivery'")).isEqualTo(1);
    }

    @Test
    void shouldRefuseUpdateDeleteAndTruncateOfTheAuditLog() throws Exception {
        write(decision("immutable", "p1", "approve"));
        for (String sql : List.of("UPDATE audit_log SET payload = '{}' WHERE tenant = 'immutable'",
                "DELETE FROM audit_log WHERE tenant = 'immutable'", "TRUNCATE audit_log")) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.execute(sql)).as(sql).hasMessageContaining("append-only");
            }
        }
        assertThat(count("SELECT count(*) FROM audit_log WHERE tenant = 'immutable'")).isEqualTo(1);
    }

    @Test
    void shouldFindTheFirstTamperedRow() throws Exception {
        write(decision("tampered", "p1", "approve"), decision("tampered", "p2", "approve"), decision("tampered", "p3", "reject"));
        long second;
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT id FROM audit_log WHERE tenant = 'tampered' ORDER BY id OFFSET 1 LIMIT 1")) {
                rows.next();
                second = rows.getLong(1);
            }
            // An attacker with superuser rights bypasses the trigger; the chain still tells.
            statement.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete");
            statement.execute("UPDATE audit_log SET payload = replace(payload, '\"approve\"', '\"reject\"') WHERE id = " + second);
            statement.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete");
            connection.commit();
        }

        try (Connection connection = connect()) {
            AuditChain.Verification verification = AuditChain.verify(connection, "tampered");
            assertThat(verification.intact()).isFalse();
            assertThat(verification.firstBrokenId()).isEqualTo(second);
        }
    }

    @Test
    void shouldRecomputeARoundsTallyFromTheMirroredBallots() throws Exception {
        List<Ballot> ballots = List.of(
                ballot("a", "approve", 1.0, 0.0), ballot("b", "approve", 1.0, 0.0), ballot("c", "reject", 0.5, 0.0),
                ballot("d", "abstain", 0.0, 0.0), ballot("e", "reject", 0.0, 1.0));
        write(Decision.newBuilder(decision("tally", "p1", "approve")).setBallots(ballots).setEventId("tally/p1/fallback").build());

        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT calculate_consensus('tally', 'p1', 1)")) {
            row.next();
            var result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(row.getString(1));
            assertThat(result.get("decision").asText()).isEqualTo("approve");
            assertThat(result.get("support").asDouble()).isEqualTo(0.8);
            assertThat(result.get("distribution").get("reject").asDouble()).isEqualTo(0.2);
            assertThat(result.get("voters").asInt()).isEqualTo(4);
        }
    }

    @Test
    void shouldRedactAnAgentsJustificationsAndKeepTheChainVerifiable() throws Exception {
        write(decision("privacy", "p1", "approve"), decision("privacy", "p2", "reject"));

        try (Connection connection = connect()) {
            assertThat(Redaction.redactJustifications(connection, "privacy", "a")).isEqualTo(2);
            connection.commit();
        }

        assertThat(count("SELECT count(*) FROM votes WHERE tenant = 'privacy' AND justification IS NULL AND justification_sha256 IS NOT NULL")).isEqualTo(2);
        try (Connection connection = connect()) {
            assertThat(AuditChain.verify(connection, "privacy").intact()).isTrue();
        }
    }

    private static Ballot ballot(String agent, String choice, double weight, double suspicion) {
        return Ballot.newBuilder().setAgentId(agent).setChoice(choice).setConfidence(1).setWeight(weight).setSuspicion(suspicion)
                .setCastAtMs(1L).setJustification(agent + " says " + choice).build();
    }

    @Test
    void shouldStoreTextWithSqlMetacharactersVerbatimAndJustificationsOnlyAsHashes() throws Exception {
        write(decision("verbatim", "p'1", "approve"));

        assertThat(count("SELECT count(*) FROM decisions WHERE proposal_id = 'p''1'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE tenant = 'verbatim' AND payload LIKE '%DROP TABLE%'")).isZero();
    }
}
