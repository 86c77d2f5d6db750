package io.synod.reputation.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synod.schemas.Decision;
import io.synod.schemas.Policy;
import io.synod.schemas.RoundOpened;
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

/** Tenant quotas on the registry and the proposals mirror, on a real (embedded) PostgreSQL with the production migrations. */
class TenantsAndProposalsPostgresTest {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = MigratedPostgres.start();
        try (Connection owner = postgres.getPostgresDatabase().getConnection(); Statement statement = owner.createStatement()) {
            statement.execute("INSERT INTO tenants (tenant, max_agents, max_open_proposals) VALUES ('small', 2, 5), ('other', NULL, NULL)");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** The application role scoped to one tenant, as the mirror and the CLI connect. */
    private static Connection app(String tenant) throws SQLException {
        Connection connection = postgres.getPostgresDatabase().getConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET ROLE synod_app");
        }
        TenantScope.enter(connection, tenant);
        return connection;
    }

    private static void register(String tenant, String agent) throws SQLException {
        try (Connection connection = app(tenant); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO agent_registry (tenant, agent_id) VALUES ('" + tenant + "', '" + agent + "') "
                    + "ON CONFLICT (tenant, agent_id) DO UPDATE SET active = true");
            connection.commit();
        }
    }

    private static void deactivate(String tenant, String agent) throws SQLException {
        try (Connection connection = app(tenant); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE agent_registry SET active = false WHERE tenant = '" + tenant + "' AND agent_id = '" + agent + "'");
            connection.commit();
        }
    }

    private static RoundOpened round(String tenant, String proposal, int number) {
        return RoundOpened.newBuilder().setTenant(tenant).setProposalId(proposal).setRound(number).setText("Is 'it' so? ; DROP TABLE proposals")
                .setOptions(List.of("approve", "reject")).setEligible(List.of("a1", "a2", "a3"))
                .setPolicy(Policy.newBuilder().setThreshold(0.67).build()).setOpenedAtMs(1_000L * number).setDeadlineMs(2_000L * number)
                .setPreviousDistribution(Map.of()).setPreviousBallots(List.of()).build();
    }

    private static Decision decision(String tenant, String proposal, String status) {
        return Decision.newBuilder().setEventId(tenant + "/" + proposal + "/" + status).setTenant(tenant).setProposalId(proposal)
                .setStatus(status).setDecision("escalated".equals(status) ? null : "approve").setSupport(0.8).setRound(2).setMode("weighted")
                .setParticipants(3).setDistribution(Map.of("approve", 0.8, "reject", 0.2)).setThreshold(0.67).setProposedAtMs(0L)
                .setDecidedAtMs(9_000L).build();
    }

    private static String statusOf(String tenant, String proposal) throws SQLException {
        try (Connection connection = app(tenant); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT status || ' ' || current_round || ' ' || COALESCE(decision, '-') FROM proposals "
                     + "WHERE proposal_id = '" + proposal + "'")) {
            return row.next() ? row.getString(1) : null;
        }
    }

    @Test
    void shouldRefuseAnAgentBeyondTheTenantsQuotaWithAClearReason() throws Exception {
        register("small", "a1");
        register("small", "a2");

        assertThatThrownBy(() -> register("small", "a3")).isInstanceOf(SQLException.class)
                .hasMessageContaining("quota_exceeded: tenant small already has 2 active agents, its quota of agents is 2");
    }

    @Test
    void shouldFreeAPlaceInTheAgentQuotaWhenAnAgentIsDeactivated() throws Exception {
        register("small", "b1");
        deactivate("small", "a1");
        deactivate("small", "a2");
        register("small", "b2");

        assertThatThrownBy(() -> register("small", "a1")).hasMessageContaining("quota_exceeded");
        assertThatThrownBy(() -> register("small", "b3")).hasMessageContaining("quota_exceeded");
        deactivate("small", "b1");
        deactivate("small", "b2");
    }

    @Test
    void shouldNotLimitATenantWithoutAnAgentQuota() throws Exception {
        for (int i = 0; i < 5; i++) {
            register("other", "agent-" + i);
        }
        register("unlisted", "x");
    }

    @Test
    void shouldMirrorAProposalFromItsRoundsAndEndItWithItsDecisionEvenWhenTheDecisionArrivesFirst() throws Exception {
        try (Connection connection = app("other")) {
            ProposalsTable.opened(connection, List.of(round("other", "p1", 1)));
            connection.commit();
        }
        assertThat(statusOf("other", "p1")).isEqualTo("open 1 -");
        try (Connection connection = app("other")) {
            ProposalsTable.opened(connection, List.of(round("other", "p1", 2), round("other", "p1", 1)));
            DecisionsTable.write(connection, List.of(decision("other", "p1", "achieved")));
            ProposalsTable.decided(connection, List.of(decision("other", "p1", "achieved")));
            ProposalsTable.decided(connection, List.of(decision("other", "p1", "escalated")));
            connection.commit();
        }
        assertThat(statusOf("other", "p1")).isEqualTo("achieved 2 approve");

        try (Connection connection = app("other")) {
            DecisionsTable.write(connection, List.of(decision("other", "late", "achieved")));
            ProposalsTable.decided(connection, List.of(decision("other", "late", "achieved")));
            ProposalsTable.opened(connection, List.of(round("other", "late", 1)));
            connection.commit();
        }
        assertThat(statusOf("other", "late")).isEqualTo("achieved 1 approve");
    }

    @Test
    void shouldShowATenantOnlyItsOwnTenantRowAndProposals() throws Exception {
        try (Connection connection = app("other")) {
            ProposalsTable.opened(connection, List.of(round("other", "mine", 1)));
            connection.commit();
        }
        try (Connection small = app("small"); Statement statement = small.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM tenants")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(1);
            }
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM proposals")) {
                rows.next();
                assertThat(rows.getLong(1)).isZero();
            }
            assertThatThrownBy(() -> statement.execute("UPDATE tenants SET max_agents = 1000 WHERE tenant = 'small'"))
                    .hasMessageContaining("permission denied");
        }
    }
}
